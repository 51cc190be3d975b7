#pragma once
// `insideout bench`: the simulator's performance figures, measured the same way natively and in
// WebAssembly (the same source, built twice). bench/README.md explains each figure; scripts/bench
// runs both builds and writes bench/RESULTS.md.
//
//   insideout bench [--json] [--quick] [--scenario FILE] [--events N] [--only heavy|bare|seek|memory]

// Runs the benchmark with the arguments after "bench"; returns the process exit code.
int command_bench(int argc, char** argv);
