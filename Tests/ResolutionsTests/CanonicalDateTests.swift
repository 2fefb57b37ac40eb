import Foundation
@testable import Resolutions
import Testing

@Suite("Record dates read and written by hand, as Foundation does")
struct CanonicalDateTests {
    static func foundationFormat(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon).timeZone(separator: .omitted))
    }

    /// Whole seconds from 1970 to 9999: every leap day, month end and year end, and a spread between.
    static let dates: [Date] = {
        var seconds: [Int] = [0, 59, 86_399, 86_400, 951_782_400, 951_868_799, 1_709_164_800, 4_107_542_399, 253_402_300_799]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 { seconds.append(Int.random(in: 0..<253_402_300_800, using: &generator)) }
        for year in stride(from: 1970, through: 2400, by: 1) {
            for (month, day) in [(2, 28), (2, 29), (3, 1), (12, 31), (1, 1)] {
                if let date = Calendar(identifier: .gregorian).date(from: DateComponents(timeZone: .gmt, year: year, month: month, day: day, hour: 23, minute: 59, second: 59)) {
                    seconds.append(Int(date.timeIntervalSince1970))
                }
            }
        }
        return seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }()

    @Test("formatting and parsing agree with Foundation's ISO 8601 style, date by date")
    func agreesWithFoundation() throws {
        for date in Self.dates {
            let text = try #require(CanonicalDate.format(date))
            #expect(text == Self.foundationFormat(date))
            #expect(CanonicalDate.parse(text) == date, "\(text)")
            #expect(CanonicalDate.parse(text) == (try? Date(text, strategy: .iso8601)), "\(text)")
        }
    }

    @Test("anything but the record's own form is left to Foundation", arguments: [
        "2026-12-15T18:00:00+01:00", "2026-12-15T18:00Z", "2026-12-15", " 2026-12-15T18:00:00Z", "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-15T24:00:00Z", "2026-12-15t18:00:00Z", "1969-12-31T23:59:59Z",
        "2026-12-15T18:00:00.5Z", "２026-12-15T18:00:00Z",
    ])
    func othersFallBack(_ text: String) {
        #expect(CanonicalDate.parse(text) == nil)
    }

    @Test("RecordDate reads every form it read before")
    func recordDateUnchanged() {
        #expect(RecordDate.parse("2026-12-15T18:00:00+01:00") == RecordDate.parse("2026-12-15T17:00:00Z"))
        #expect(RecordDate.parse("2026-12-15T18:00Z") == RecordDate.parse("2026-12-15T18:00:00Z"))
        #expect(RecordDate.parse("2026-12-15") == RecordDate.parse("2026-12-15T00:00:00Z"))
        #expect(RecordDate.parse(" 2026-12-15T18:00:00Z ") == RecordDate.parse("2026-12-15T18:00:00Z"))
        #expect(RecordDate.parse("2026-02-30T00:00:00Z") == (try? Date("2026-02-30T00:00:00Z", strategy: .iso8601)))
        #expect(RecordDate.format(Date(timeIntervalSince1970: 0.75)) == Self.foundationFormat(Date(timeIntervalSince1970: 0.75)))
    }
}
