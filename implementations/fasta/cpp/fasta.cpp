// fasta: generate DNA sequences in FASTA format (Benchmarks Game
// definition): 2n characters repeating the ALU sequence, then 3n drawn
// from the IUB ambiguity codes and 5n from the Homo sapiens frequencies,
// using the benchmark's linear congruential generator (IM 139968,
// IA 3877, IC 29573, seed 42) and cumulative probability tables; 60
// characters a line. One character per random number; no deviation.
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

namespace {

constexpr std::size_t line_length = 60;

constexpr std::string_view alu =
    "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG"
    "GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA"
    "CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT"
    "ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA"
    "GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG"
    "AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC"
    "AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA";

class Random {
public:
    double next(double max)
    {
        state_ = (state_ * ia + ic) % im;
        return max * static_cast<double>(state_) / im;
    }

private:
    static constexpr unsigned long im = 139968, ia = 3877, ic = 29573;
    unsigned long state_ = 42;
};

// Symbols with cumulative probabilities.
class Table {
public:
    Table(std::initializer_list<std::pair<char, double>> entries)
    {
        double sum = 0;
        for (const auto& [c, p] : entries) {
            sum += p;
            symbols_.push_back(c);
            cumulative_.push_back(sum);
        }
    }

    char pick(double r) const
    {
        // The last entry is ~1.0; it catches rounding.
        std::size_t k = 0;
        while (k + 1 < cumulative_.size() && r >= cumulative_[k])
            ++k;
        return symbols_[k];
    }

private:
    std::vector<char> symbols_;
    std::vector<double> cumulative_;
};

void repeat_fasta(const char* header, std::string_view seq, long n)
{
    char line[line_length + 1];
    std::size_t pos = 0;

    std::fputs(header, stdout);
    while (n > 0) {
        std::size_t len = n < static_cast<long>(line_length)
                              ? static_cast<std::size_t>(n)
                              : line_length;
        for (std::size_t i = 0; i < len; ++i) {
            line[i] = seq[pos++];
            if (pos == seq.size())
                pos = 0;
        }
        line[len] = '\n';
        std::fwrite(line, 1, len + 1, stdout);
        n -= static_cast<long>(len);
    }
}

void random_fasta(const char* header, const Table& table, Random& rng, long n)
{
    char line[line_length + 1];

    std::fputs(header, stdout);
    while (n > 0) {
        std::size_t len = n < static_cast<long>(line_length)
                              ? static_cast<std::size_t>(n)
                              : line_length;
        for (std::size_t i = 0; i < len; ++i)
            line[i] = table.pick(rng.next(1.0));
        line[len] = '\n';
        std::fwrite(line, 1, len + 1, stdout);
        n -= static_cast<long>(len);
    }
}

} // namespace

int main(int argc, char** argv)
{
    long n = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 1000;
    const Table iub{{'a', 0.27}, {'c', 0.12}, {'g', 0.12}, {'t', 0.27},
                    {'B', 0.02}, {'D', 0.02}, {'H', 0.02}, {'K', 0.02},
                    {'M', 0.02}, {'N', 0.02}, {'R', 0.02}, {'S', 0.02},
                    {'V', 0.02}, {'W', 0.02}, {'Y', 0.02}};
    const Table homo_sapiens{{'a', 0.3029549426680},
                             {'c', 0.1979883004921},
                             {'g', 0.1975473066391},
                             {'t', 0.3015094502008}};
    Random rng;

    repeat_fasta(">ONE Homo sapiens alu\n", alu, 2 * n);
    random_fasta(">TWO IUB ambiguity codes\n", iub, rng, 3 * n);
    random_fasta(">THREE Homo sapiens frequency\n", homo_sapiens, rng, 5 * n);
    return 0;
}
