// swift-tools-version: 6.1
// The libFuzzer target over the scenario reader, in its own package so that the main package's `swift build` and
// `swift test` never build it (it is built with -sanitize=fuzzer, which instruments every module it links).
// Build and run it with `make fuzz` (scripts/fuzz.sh); what it found: ../docs/fuzzing.md.

import PackageDescription

let package = Package(
    name: "FabricSimFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "FabricSim", path: "..")],
    targets: [
        .executableTarget(
            name: "ScenarioFuzzer",
            dependencies: [.product(name: "FabricScenario", package: "FabricSim")],
            // libFuzzer supplies `main`; the target only defines LLVMFuzzerTestOneInput.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ]
)
