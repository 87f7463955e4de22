// swift-tools-version: 6.1
// The kernel benchmarks, in their own package so that the main package's `swift build` and `swift test` never
// build package-benchmark (about three times a clean debug build; see ../docs/performance.md).
//
// Run from this directory:
//   swift package benchmark --filter 'PHOLD.*'      package-benchmark: events/s, wall clock, mallocs
//   swift package benchmark --filter 'FatTree.*'    the packet network: packet-hops/s on htsim's fat-tree shape
//   swift package benchmark --filter 'Hierarchical.*'  one 512-GPU hierarchical all-reduce at packet level
//   swift package benchmark --filter 'Sweep.*'       sweep throughput with --jobs 1 and 2 (runs/min)
//   swift package benchmark --filter 'FlowRing.*'    flow mode: a 1 GiB ring all-reduce over 512 and 1,024 ranks
//   bash compare-phold.sh                            Swift kernel against the C++ reference, same events

import PackageDescription

let package = Package(
    name: "FabricSimBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "FabricSim", path: ".."),
        // The default traits of 1.38.1 pull in a runtime interposer that is not available here; the malloc
        // interposer alone gives the malloc counts the thresholds gate on.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The same PHOLD as FabricReferenceModels, driven by a plain binary heap instead of the kernel's queue:
        // the general-purpose baseline the kernel is measured against. Shared by the two targets below.
        .target(
            name: "HeapPHOLD",
            dependencies: [
                .product(name: "FabricKernel", package: "FabricSim"),
                .product(name: "FabricReferenceModels", package: "FabricSim"),
            ]
        ),
        .executableTarget(
            name: "KernelBenchmarks",
            dependencies: [
                "HeapPHOLD",
                .product(name: "FabricKernel", package: "FabricSim"),
                .product(name: "FabricReferenceModels", package: "FabricSim"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/KernelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The packet network on the fat-tree permutation htsim was measured on (docs/performance.md).
        .executableTarget(
            name: "NetworkBenchmarks",
            dependencies: [
                .product(name: "FabricKernel", package: "FabricSim"),
                .product(name: "FabricTopology", package: "FabricSim"),
                .product(name: "FabricNetwork", package: "FabricSim"),
                .product(name: "FabricTransport", package: "FabricSim"),
                .product(name: "FabricWorkload", package: "FabricSim"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/NetworkBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // One step's gradient all-reduce of a 512-GPU job at packet level (docs/performance.md, "Collectives").
        .executableTarget(
            name: "CollectiveBenchmarks",
            dependencies: [
                .product(name: "FabricKernel", package: "FabricSim"),
                .product(name: "FabricTopology", package: "FabricSim"),
                .product(name: "FabricNetwork", package: "FabricSim"),
                .product(name: "FabricTransport", package: "FabricSim"),
                .product(name: "FabricCollectives", package: "FabricSim"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CollectiveBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Flow mode: a 1 GiB ring all-reduce over 512 and 1,024 ranks (docs/performance.md, "Flow mode").
        .executableTarget(
            name: "FlowBenchmarks",
            dependencies: [
                .product(name: "FabricKernel", package: "FabricSim"),
                .product(name: "FabricTopology", package: "FabricSim"),
                .product(name: "FabricNetwork", package: "FabricSim"),
                .product(name: "FabricTransport", package: "FabricSim"),
                .product(name: "FabricFlow", package: "FabricSim"),
                .product(name: "FabricCollectives", package: "FabricSim"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/FlowBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Sweep throughput with one and two worker threads (docs/performance.md, "Sweeps").
        .executableTarget(
            name: "SweepBenchmarks",
            dependencies: [
                .product(name: "FabricScenario", package: "FabricSim"),
                .product(name: "FabricSweep", package: "FabricSim"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SweepBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Prints the fields of reference/phold.cpp, for compare-phold.sh.
        .executableTarget(
            name: "phold-swift",
            dependencies: [
                "HeapPHOLD",
                .product(name: "FabricKernel", package: "FabricSim"),
                .product(name: "FabricReferenceModels", package: "FabricSim"),
            ]
        ),
    ]
)
