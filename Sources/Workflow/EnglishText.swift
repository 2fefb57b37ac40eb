import Foundation

/// Small helpers that turn names and values into words a policy officer can read; the messages
/// of the workflow engine and the server's pages say things the same way through them.
public enum EnglishText {
    /// `member-organisations` becomes `member organisations`.
    public static func label(_ name: String) -> String {
        name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
    }

    /// `[a, b, c]` becomes `a, b or c`.
    public static func alternatives(_ items: [String]) -> String { joined(items, "or") }

    /// `[a, b, c]` becomes `a, b and c`.
    public static func list(_ items: [String]) -> String { joined(items, "and") }

    private static func joined(_ items: [String], _ last: String) -> String {
        items.count < 2 ? items.first ?? "" : items.dropLast().joined(separator: ", ") + " \(last) " + (items.last ?? "")
    }

    /// `members vote` becomes `Members vote`.
    public static func capitalised(_ words: String) -> String { words.prefix(1).uppercased() + words.dropFirst() }

    /// A reason as a sentence of its own: capitalised, with a full stop.
    public static func sentence(_ words: String) -> String { capitalised(words) + (words.hasSuffix(".") ? "" : ".") }

    /// `1 abstention`, `2 abstentions`.
    public static func count(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(number) \(number == 1 ? singular : plural ?? singular + "s")"
    }

    private static let months = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// `15 December 2026 at 18:00 (UTC)`, built by hand so that the words never depend on the machine's locale.
    static func date(_ date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let month = months[((parts.month ?? 1) - 1 + 12) % 12]
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        return "\(parts.day ?? 1) \(month) \(parts.year ?? 0) at \(time) (\(zoneName(timeZone)))"
    }

    private static func zoneName(_ timeZone: TimeZone) -> String {
        ["GMT", "UTC", "Etc/UTC", "Etc/GMT"].contains(timeZone.identifier) ? "UTC" : timeZone.identifier
    }

    /// A machine-readable timestamp for blocker parameters.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
