import FabricKernel
import FabricScenario

/// A run may use 1 GiB here, half of libFuzzer's -rss_limit_mb: a scenario that validates under it and still exhausts
/// the fuzzer's memory while it is read is an estimate that is not an upper bound, and a finding.
let limits = ResourceLimits.memory(ByteCount(1 << 30))

/// libFuzzer's entry point: one input is the bytes of a scenario file. Reading it must end in a `Scenario` or a
/// `ScenarioError` with a located diagnostic, never a trap, a hang or memory exhaustion; libFuzzer reports the
/// first two as crashes, and `-timeout` and `-rss_limit_mb` turn the others into findings too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenarioReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let scenario = try ScenarioLoader.load(bytes: bytes, file: "fuzz.yaml", limits: limits)
        // What `fabricsim info` computes from a scenario must hold for every scenario that validates.
        _ = ScenarioInfo.describe(scenario)
    } catch {
        // Every refusal names where it is: a diagnostic without a location may only be about the file as a whole.
        for diagnostic in error.diagnostics where diagnostic.location == nil && !diagnostic.path.isEmpty {
            fatalError("a diagnostic without a location: \(diagnostic)")
        }
    }
    return 0
}
