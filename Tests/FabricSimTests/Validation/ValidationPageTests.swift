import FabricValidation
import Testing

/// `make validate`'s machinery: the page's generated sections are found and replaced without touching the prose,
/// marker mistakes are refused with their line, and the cheapest row of the page holds in a debug build.
@Suite("Validation page")
struct ValidationPageTests {
    let page = """
        # Validation
        Prose before.
        <!-- validate:begin first -->
        | old | table |
        <!-- validate:end -->
        Prose between, kept.
        <!-- validate:begin second -->
        <!-- validate:end -->
        Prose after.
        """

    @Test("rewriting replaces only the text between a section's markers and keeps every other line")
    func rewrite() throws {
        let sections = try MarkedSections(page)
        #expect(sections.sections.map(\.name) == ["first", "second"])
        #expect(sections.content(of: "first") == "| old | table |")
        let rewritten = try sections.replacing(["first": "| new |\n| rows |\n", "second": "filled"])
        #expect(
            rewritten == """
                # Validation
                Prose before.
                <!-- validate:begin first -->
                | new |
                | rows |
                <!-- validate:end -->
                Prose between, kept.
                <!-- validate:begin second -->
                filled
                <!-- validate:end -->
                Prose after.
                """)
        // Regenerating the same content is a fixed point; sections not named stay as they were.
        #expect(try MarkedSections(rewritten).replacing(["second": "filled"]) == rewritten)
    }

    @Test("marker mistakes are refused with the line they are on")
    func markerProblems() throws {
        #expect(throws: MarkedSections.Problem(line: 1, message: "section 'a' has no end marker")) {
            try MarkedSections("<!-- validate:begin a -->\ntext")
        }
        #expect(throws: MarkedSections.Problem(line: 2, message: "an end marker without a begin marker")) {
            try MarkedSections("text\n<!-- validate:end -->")
        }
        #expect(throws: MarkedSections.Problem(line: 2, message: "section 'a' (line 1) is still open")) {
            try MarkedSections("<!-- validate:begin a -->\n<!-- validate:begin b -->\n<!-- validate:end -->")
        }
        let problem = #expect(throws: MarkedSections.Problem.self) {
            try MarkedSections(page).replacing(["third": "x"])
        }
        #expect(problem?.description.contains("third") == true)
    }

    @Test(
        "a ring all-reduce over 8 GPUs on one switch completes within 2 % of its α–β model: the page's first row passes"
    )
    func ringRow() throws {
        let row = try CollectiveCostCheck(probe: ScenarioProbe(root: ".")).row(
            algorithm: "ring", ranks: 8, fidelity: "packet")
        #expect(
            row.verdict == .pass, "\(row.label): simulated \(row.simulated), model \(row.reference), \(row.difference)")
    }

    @Test(
        "the congestion harness's wire bound is an incast's floor: 8-to-1 at 100 Gb/s over PFC with no controller ends exactly at it, DCQCN within 1.3×"
    )
    func harnessIncastRow() throws {
        // With PFC and senders at line rate the receiver's port never idles from the first packet's arrival to the
        // last one's departure, so the last byte lands at the bound the harness computes, to the picosecond.
        let harness = CongestionHarnessCheck()
        let baseline = try harness.incastFactor(controller: "none (PFC)", senders: 8, gbps: 100)
        #expect(abs(baseline - 1) < 1e-9, "\(baseline)")
        let dcqcn = try harness.incastFactor(controller: "dcqcn (rate set)", senders: 8, gbps: 100)
        #expect(dcqcn >= 1 - 1e-9 && dcqcn <= 1.3, "\(dcqcn)")
    }

    @Test("a row outside its tolerance fails unless it is a known miss with its reason")
    func verdicts() {
        #expect(ValidationRow.relative("x", simulated: 103, reference: 100, tolerance: 0.02, unit: "").verdict == .fail)
        #expect(ValidationRow.relative("x", simulated: 101, reference: 100, tolerance: 0.02, unit: "").verdict == .pass)
        #expect(
            ValidationRow.within("x", simulated: 400, low: 370, high: 390, unit: "", knownMiss: "why").verdict
                == .knownMiss("why"))
        #expect(ValidationRow.within("x", simulated: 380, low: 370, high: 390, unit: "").verdict == .pass)
    }
}
