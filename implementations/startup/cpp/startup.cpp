// startup: print one line and exit, to measure the cost of starting the
// runtime (libstdc++ and iostreams) and a process. No deviation.
#include <iostream>

int main()
{
    std::cout << "hello, world\n";
    return 0;
}
