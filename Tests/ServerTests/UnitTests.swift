import Foundation
import Hummingbird
import Testing
@testable import Server

@Suite struct UnitTests {
    @Test func secretsAreLongAndDistinct() {
        let secrets = (0..<100).map { _ in Secret.make() }
        #expect(Set(secrets).count == 100)
        #expect(secrets.allSatisfy { $0.count == 43 })  // 256 bits
        #expect(Secret.equal("abc", "abc") && !Secret.equal("abc", "abd") && !Secret.equal("abc", "abcd"))
    }

    @Test func theLimiterCountsFailuresPerAccountAndAddressWithinItsWindow() {
        var policy = ThrottlePolicy()
        policy.perAccount = 3
        policy.perAddress = 5
        policy.window = 60
        var limiter = SignInLimiter(policy: policy)
        let start = Date(timeIntervalSince1970: 1_000_000)
        for second in 0..<3 {
            #expect(limiter.wait(account: "a", address: "x", now: start + Double(second)) == nil)
            limiter.recordFailure(account: "a", address: "x", now: start + Double(second))
        }
        #expect(limiter.wait(account: "a", address: "x", now: start + 3) == 57)
        #expect(limiter.wait(account: "b", address: "x", now: start + 3) == nil)
        limiter.recordFailure(account: "b", address: "x", now: start + 3)
        limiter.recordFailure(account: "c", address: "x", now: start + 4)
        #expect(limiter.wait(account: "d", address: "x", now: start + 5) != nil)
        #expect(limiter.wait(account: "d", address: "y", now: start + 5) == nil)
        #expect(limiter.wait(account: "a", address: "y", now: start + 61) == nil)
        limiter.recordSuccess(account: "b")
        #expect(limiter.wait(account: "b", address: "y", now: start + 5) == nil)
    }
}

@Suite struct PersistDriverTests {
    struct Value: Codable, Sendable, Equatable { let text: String }

    @Test func valuesExpireAndSurviveReopeningTheFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-persist-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let driver = SQLitePersistDriver(store: try CredentialStore(directory: folder))
        // An hour: on a machine busy with the other suites, a minute can pass between two steps.
        try await driver.create(key: "a", value: Value(text: "one"), expires: .seconds(3600))
        await #expect(throws: PersistError.duplicate) { try await driver.create(key: "a", value: Value(text: "two"), expires: nil) }
        try await driver.set(key: "a", value: Value(text: "three"), expires: nil)
        let (value, ttl) = try #require(try await driver.getWithTTL(key: "a", as: Value.self))
        #expect(value == Value(text: "three"))
        #expect(ttl.map { $0 > .seconds(3000) && $0 <= .seconds(3600) } == true)  // set without an expiry keeps the one it had
        try await driver.set(key: "b", value: Value(text: "short"), expires: .milliseconds(50))
        try await Task.sleep(for: .milliseconds(120))
        #expect(try await driver.get(key: "b", as: Value.self) == nil)
        await #expect(throws: PersistError.invalidConversion) { try await driver.get(key: "a", as: Int.self) }
        // Another opening of the file (a restart) reads what the first wrote.
        let reopened = SQLitePersistDriver(store: try CredentialStore(directory: folder))
        #expect(try await reopened.get(key: "a", as: Value.self) == Value(text: "three"))
        try await reopened.remove(key: "a")
        #expect(try await driver.get(key: "a", as: Value.self) == nil)
    }
}
