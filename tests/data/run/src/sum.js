// Sums 1..n and prints the total, formatted exactly as sum.c does.
const n = process.argv.length > 2 ? parseInt(process.argv[2], 10) : 1000;
let s = 0n;
for (let i = 1n; i <= BigInt(n); i++) s += i;
console.log(`sum ${s}`);
console.log(`mean ${(Number(s) / n).toFixed(7)}`);
