// swift-tools-version: 6.1
// FabricSim: a discrete-event simulator of the networks that carry distributed AI training.
// The layers and why they are split this way: docs/architecture.md.

import PackageDescription

/// The collectives, storage and workload are generic over `Transport` (FabricTransport: packet or flow fidelity)
/// and are instantiated with a concrete network only in FabricScenario. Without cross-module optimisation a release
/// build would call their unspecialised generic code from there, through witness tables, on every event;
/// with it the event loops are specialised for each network (docs/design/0005-transport.md).
let specialisedAcrossModules: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))
]

let package = Package(
    name: "FabricSim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fabricsim", targets: ["fabricsim"]),
        .executable(name: "fabricsim-validate", targets: ["fabricsim-validate"]),
        .library(name: "FabricKernel", targets: ["FabricKernel"]),
        .library(name: "FabricReferenceModels", targets: ["FabricReferenceModels"]),
        .library(name: "FabricScenario", targets: ["FabricScenario"]),
        .library(name: "FabricTopology", targets: ["FabricTopology"]),
        .library(name: "FabricTransport", targets: ["FabricTransport"]),
        .library(name: "FabricNetwork", targets: ["FabricNetwork"]),
        .library(name: "FabricFlow", targets: ["FabricFlow"]),
        .library(name: "FabricCollectives", targets: ["FabricCollectives"]),
        .library(name: "FabricWorkload", targets: ["FabricWorkload"]),
        .library(name: "FabricSweep", targets: ["FabricSweep"]),
        .library(name: "FabricStorage", targets: ["FabricStorage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        .target(name: "FabricKernel"),
        .target(name: "FabricTopology", dependencies: ["FabricKernel"]),
        // What both fidelities share: the Transport protocol, configs, flow requests, the counters and port
        // reports (docs/design/0008-contract.md). The layers above depend on it, never on a model.
        .target(
            name: "FabricTransport", dependencies: ["FabricKernel", "FabricTopology", "FabricMetrics"],
            swiftSettings: specialisedAcrossModules),
        .target(
            name: "FabricNetwork",
            dependencies: ["FabricKernel", "FabricTopology", "FabricMetrics", "FabricTransport"],
            swiftSettings: specialisedAcrossModules),
        .target(
            name: "FabricFlow",
            dependencies: [
                "FabricKernel", "FabricTopology", "FabricTransport", "FabricMetrics",
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: specialisedAcrossModules
        ),
        .target(
            name: "FabricCollectives",
            dependencies: ["FabricKernel", "FabricTopology", "FabricTransport", "FabricMetrics"],
            swiftSettings: specialisedAcrossModules),
        .target(
            name: "FabricWorkload",
            dependencies: [
                "FabricKernel", "FabricTopology", "FabricTransport", "FabricMetrics", "FabricCollectives",
                "FabricStorage",
            ],
            swiftSettings: specialisedAcrossModules
        ),
        .target(
            name: "FabricStorage",
            dependencies: [
                "FabricKernel", "FabricTopology", "FabricTransport",
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: specialisedAcrossModules
        ),
        .target(
            name: "FabricMetrics",
            dependencies: ["FabricKernel", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        .target(name: "FabricExport", dependencies: ["FabricMetrics", "FabricKernel"]),
        .target(
            name: "FabricReferenceModels",
            dependencies: [
                "FabricKernel", "FabricMetrics", .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "FabricScenario",
            dependencies: [
                "FabricKernel", "FabricMetrics", "FabricReferenceModels", "FabricTopology", "FabricTransport",
                "FabricNetwork", "FabricFlow", "FabricCollectives", "FabricWorkload", "FabricStorage", "Yams",
            ]
        ),
        // libnuma, found through its pkg-config file (Debian ships numa.pc); scripts/install-system-deps.sh
        // installs libnuma-dev where it is missing.
        .systemLibrary(name: "CNuma", pkgConfig: "numa", providers: [.apt(["libnuma-dev"])]),
        .target(
            name: "FabricSweep",
            dependencies: ["FabricScenario", "FabricExport", "FabricMetrics", "FabricKernel", "CNuma"]
        ),
        .executableTarget(
            name: "fabricsim",
            dependencies: [
                "FabricScenario", "FabricExport", "FabricMetrics", "FabricKernel", "FabricSweep",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The checks of docs/validation.md, and `make validate`'s tool that regenerates its tables.
        .target(
            name: "FabricValidation",
            dependencies: [
                "FabricScenario", "FabricExport", "FabricMetrics", "FabricKernel", "FabricTopology", "FabricTransport",
                "FabricNetwork", "FabricStorage", "FabricWorkload",
            ]
        ),
        .executableTarget(name: "fabricsim-validate", dependencies: ["FabricValidation", "FabricExport"]),
        .testTarget(
            name: "FabricSimTests",
            dependencies: [
                "FabricKernel", "FabricMetrics", "FabricExport", "FabricReferenceModels", "FabricScenario",
                "FabricTopology", "FabricTransport", "FabricNetwork", "FabricFlow", "FabricCollectives",
                "FabricWorkload", "FabricSweep",
                "FabricStorage", "FabricValidation",
            ],
            // Files the tests read from the source tree: the fuzz corpus (docs/fuzzing.md) and the golden
            // fingerprints of the bundled scenarios.
            exclude: ["Scenario/FuzzCorpus", "Scenario/golden-fingerprints.txt"]
        ),
    ]
)
