// ncpu.js: the CPUs Node sizes itself from (sandbox_cpus.sh).
const os = require("os");
console.log("parallelism " + os.availableParallelism());
