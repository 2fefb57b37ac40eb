import Foundation

/// An exact share such as 2/3, kept as integers so that "6 of 8 needed" never suffers rounding errors.
public struct Fraction: Sendable, Equatable, CustomStringConvertible {
    /// The numerator, reduced.
    public let numerator: Int
    /// The denominator, reduced and positive.
    public let denominator: Int

    /// One half, the default voting quorum.
    public static let half = Fraction(lowestTerms: 1, 2)

    /// Creates a fraction, reduced to lowest terms; returns nil for a zero or negative denominator.
    public init?(numerator: Int, denominator: Int) {
        guard denominator > 0, numerator >= 0 else { return nil }
        let divisor = Self.greatestCommonDivisor(numerator, denominator)
        self.numerator = numerator / max(divisor, 1)
        self.denominator = denominator / max(divisor, 1)
    }

    private init(lowestTerms numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Reads `2/3`, `0.5` or `50%` as written in workflow files; returns nil for anything else.
    public init?(parsing text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let slash = text.firstIndex(of: "/") {
            let top = text[..<slash].trimmingCharacters(in: .whitespaces)
            let bottom = text[text.index(after: slash)...].trimmingCharacters(in: .whitespaces)
            guard let numerator = Self.digits(top), let denominator = Self.digits(bottom) else { return nil }
            self.init(numerator: numerator, denominator: denominator)
        } else if text.hasSuffix("%") {
            guard let percent = Self.digits(String(text.dropLast())) else { return nil }
            self.init(numerator: percent, denominator: 100)
        } else if let point = text.firstIndex(of: ".") {
            let whole = String(text[..<point])
            let decimals = String(text[text.index(after: point)...])
            guard !decimals.isEmpty, decimals.count <= 6,
                  let wholePart = whole.isEmpty ? 0 : Self.digits(whole),
                  let decimalPart = Self.digits(decimals) else { return nil }
            var scale = 1
            for _ in decimals { scale *= 10 }
            self.init(numerator: wholePart * scale + decimalPart, denominator: scale)
        } else {
            return nil
        }
    }

    /// The fraction as `n/d`, for messages and diagrams.
    public var description: String { "\(numerator)/\(denominator)" }

    /// Whether the share lies between 0 and 1 inclusive, as quorums must.
    public var isProperShare: Bool { numerator <= denominator }

    /// How many of `total` reach this share, rounded up: 2/3 of 8 needs 6.
    public func required(of total: Int) -> Int {
        guard total > 0 else { return 0 }
        return (total * numerator + denominator - 1) / denominator
    }

    private static func digits(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(text)
    }

    private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
