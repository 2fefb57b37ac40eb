import Foundation
import Yams

/// A record file that Accord cannot read: the record was changed by hand or damaged.
public struct RecordDamaged: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "the record file ‘\(path)’ is damaged: \(message)" }
}

/// A YAML mapping written by Accord, read back with typed accessors.
struct RecordFile {
    let values: [String: Any]
    let path: String

    init(yaml: String, path: String) throws(RecordDamaged) {
        self.path = path
        do {
            guard let values = try Yams.load(yaml: yaml) as? [String: Any] else {
                throw RecordDamaged(path: path, "it is not a YAML mapping")
            }
            self.values = values
        } catch let error as RecordDamaged {
            throw error
        } catch {
            throw RecordDamaged(path: path, YAMLText.describe(error))
        }
    }

    func string(_ key: String) throws(RecordDamaged) -> String {
        guard let value = optionalString(key) else { throw RecordDamaged(path: path, "‘\(key)’ is missing") }
        return value
    }

    func optionalString(_ key: String) -> String? {
        switch values[key] {
        case let text as String: text
        case let number as Int: String(number)
        case let date as Date: RecordDate.format(date)
        case let flag as Bool: String(flag)
        default: nil
        }
    }

    func int(_ key: String) throws(RecordDamaged) -> Int {
        guard let value = values[key] as? Int else { throw RecordDamaged(path: path, "‘\(key)’ must be a whole number") }
        return value
    }

    func optionalDate(_ key: String) throws(RecordDamaged) -> Date? {
        guard values[key] != nil else { return nil }
        if let date = values[key] as? Date { return date }
        guard let text = optionalString(key), let date = RecordDate.parse(text) else {
            throw RecordDamaged(path: path, "‘\(key)’ must be a date")
        }
        return date
    }

    func strings(_ key: String) -> [String] {
        (values[key] as? [Any])?.compactMap { item in
            switch item {
            case let text as String: text
            case let number as Int: String(number)
            default: nil
            }
        } ?? []
    }
}
