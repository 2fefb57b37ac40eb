import Foundation
import Testing

/// `accord cosign`: another organisation's support for an amendment, as one commit.
@Suite struct CosignCommandTests {
    @Test func cosignAddsAnOrganisationOnceAndVerifies() throws {
        let sandbox = try Sandbox.withOpenAmendments()
        try sandbox.act("amend", "pact-2026", "--target", "par-4", "--delete", "--justification", "Out of date", as: "amelie")
        let printed = try sandbox.act("cosign", "pact-2026", "a1", as: "katrin")
        #expect(printed.hasPrefix("Co-sign amendment A1 (DST) ["))
        let refused = try sandbox.refuse("cosign", "pact-2026", "A1", as: "julien")
        #expect(refused.stderr.contains("co-signatories come from other organisations"))
        try sandbox.refuse("cosign", "pact-2026", "A1", as: "katrin")
        #expect(try sandbox.git("log", "-1", "--format=%(trailers:key=Accord-Action,valueonly,separator=)", "main") == "cosign-amendment")
        try sandbox.run("verify")
    }
}
