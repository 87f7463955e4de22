import ArgumentParser
import FabricKernel

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    func run() throws {
        #if swift(>=6.3)
            let swift = "6.3 or later"
        #else
            let swift = "before 6.3"
        #endif
        print("fabricsim \(FabricSimVersion.string) (built with Swift \(swift))")
    }
}
