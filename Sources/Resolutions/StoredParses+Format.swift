import Foundation
import GitStore
import Workflow

/// The binary format of a stored-parse file.
///
/// Little-endian: the magic `ACCORDP2`; the kind of value (one byte); the id of the blob it was
/// parsed from (its 40 hex digits); the value, every string its UTF-8 length and bytes; and a
/// 64-bit checksum of all that comes before it (`ShardFile.checksum`), so that a damaged file is
/// refused as a whole rather than read wrong.
enum ParsedFile {
    struct Damaged: Error {}

    static let magic = Array("ACCORDP2".utf8)

    static func encode(kind: UInt8, id: ObjectID, _ body: (inout Writer) -> Void) -> Data {
        var writer = Writer()
        writer.bytes = magic
        writer.bytes.append(kind)
        writer.bytes.append(contentsOf: id.hex.utf8)
        body(&writer)
        ShardFile.append(ShardFile.checksum(writer.bytes[...]), to: &writer.bytes)
        return Data(writer.bytes)
    }

    /// - Throws: `Damaged` for anything but a whole file of this format, of this kind, parsed from the blob `id`.
    static func decode<T>(_ data: Data, kind: UInt8, id: ObjectID,
                          _ body: (inout Reader) throws(Damaged) -> T) throws(Damaged) -> T {
        let bytes = [UInt8](data)
        let header = magic.count + 1 + 40
        guard bytes.count >= header + 8, bytes.starts(with: magic), bytes[magic.count] == kind,
              bytes[(magic.count + 1)..<header].elementsEqual(id.hex.utf8) else { throw Damaged() }
        let end = bytes.count - 8
        let stored = bytes[end...].withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard stored == ShardFile.checksum(bytes[..<end]) else { throw Damaged() }
        do {
            return try bytes.withUnsafeBytes { raw in
                var reader = Reader(raw: UnsafeRawBufferPointer(rebasing: raw[..<end]), offset: header)
                let value = try body(&reader)
                guard reader.offset == end else { throw Damaged() }
                return value
            }
        } catch {
            throw Damaged()
        }
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func int(_ value: Int) { ShardFile.append(UInt32(truncatingIfNeeded: value), to: &bytes) }

        mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

        mutating func string(_ text: String) {
            int(text.utf8.count)
            bytes.append(contentsOf: text.utf8)
        }

        mutating func optional(_ text: String?) {
            bool(text != nil)
            if let text { string(text) }
        }

        mutating func strings(_ texts: [String]) {
            list(texts) { text, writer in writer.string(text) }
        }

        /// A count, then each item as `body` writes it.
        mutating func list<T>(_ items: [T], _ body: (T, inout Writer) -> Void) {
            int(items.count)
            for item in items { body(item, &self) }
        }
    }

    struct Reader {
        let raw: UnsafeRawBufferPointer
        var offset: Int

        mutating func int() throws(Damaged) -> Int {
            guard offset + 4 <= raw.count else { throw Damaged() }
            defer { offset += 4 }
            return Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        }

        mutating func byte() throws(Damaged) -> UInt8 {
            guard offset < raw.count else { throw Damaged() }
            defer { offset += 1 }
            return raw[offset]
        }

        mutating func bool() throws(Damaged) -> Bool {
            switch try byte() {
            case 0: return false
            case 1: return true
            default: throw Damaged()
            }
        }

        mutating func string() throws(Damaged) -> String {
            let length = try int()
            guard offset + length <= raw.count else { throw Damaged() }
            defer { offset += length }
            return String(decoding: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)]), as: UTF8.self)
        }

        mutating func optional() throws(Damaged) -> String? {
            try bool() ? try string() : nil
        }

        mutating func strings() throws(Damaged) -> [String] {
            try list { reader throws(Damaged) in try reader.string() }
        }

        /// As many items as the count before them says, each read by `body`.
        mutating func list<T>(_ body: (inout Reader) throws(Damaged) -> T) throws(Damaged) -> [T] {
            let count = try count()
            var items: [T] = []
            items.reserveCapacity(count)
            for _ in 0..<count { items.append(try body(&self)) }
            return items
        }

        /// A count of items that take at least a byte each, checked against what is left.
        mutating func count() throws(Damaged) -> Int {
            let count = try int()
            guard count <= raw.count - offset else { throw Damaged() }
            return count
        }
    }
}

// MARK: The kinds of value stored

extension ParsedCodec where T == ResolutionText {
    /// `text.md`, `draft.md`, `consolidated.md`, `adopted.md`.
    static let resolutionText = ParsedCodec(kind: 1, encode: { text, writer in
        writer.string(text.title)
        writer.string(text.id)
        writer.string(text.workflow)
        writer.string(text.language)
        writer.string(text.opening)
        writer.list(text.sections) { section, writer in
            writer.string(section.id)
            writer.string(section.title)
            writer.list(section.provisions) { provision, writer in
                writer.string(provision.id)
                writer.bool(provision.kind == .paragraph)
                writer.string(provision.text)
            }
        }
    }, decode: { reader throws(ParsedFile.Damaged) in
        var text = ResolutionText(title: try reader.string(), id: try reader.string(), workflow: try reader.string(),
                                  language: try reader.string(), opening: try reader.string())
        text.sections = try reader.list { reader throws(ParsedFile.Damaged) in
            let id = try reader.string(), title = try reader.string()
            let provisions = try reader.list { reader throws(ParsedFile.Damaged) in
                let provisionID = try reader.string()
                let kind: ProvisionKind = try reader.bool() ? .paragraph : .recital
                return Provision(id: provisionID, kind: kind, text: try reader.string())
            }
            return Section(id: id, title: title, provisions: provisions)
        }
        return text
    })
}

extension ParsedCodec where T == Roster {
    /// `roster.yml`.
    static let roster = ParsedCodec(kind: 2, encode: { roster, writer in
        writer.list(roster.organisations) { organisation, writer in
            writer.string(organisation.id)
            writer.string(organisation.name)
            writer.bool(organisation.votes)
        }
        writer.list(roster.people) { person, writer in
            writer.string(person.id)
            writer.string(person.name)
            writer.string(person.email)
            writer.string(person.organisation)
            writer.strings(person.roles)
        }
        writer.list(roster.bodies) { body, writer in
            writer.string(body.id)
            writer.string(body.name)
            writer.strings(body.organisations)
            writer.strings(body.people)
        }
    }, decode: { reader throws(ParsedFile.Damaged) in
        let organisations = try reader.list { reader throws(ParsedFile.Damaged) in
            Organisation(id: try reader.string(), name: try reader.string(), votes: try reader.bool())
        }
        let people = try reader.list { reader throws(ParsedFile.Damaged) in
            Person(id: try reader.string(), name: try reader.string(), email: try reader.string(),
                   organisation: try reader.string(), roles: try reader.strings())
        }
        let bodies = try reader.list { reader throws(ParsedFile.Damaged) in
            Body(id: try reader.string(), name: try reader.string(), organisations: try reader.strings(), people: try reader.strings())
        }
        return Roster(organisations: organisations, people: people, bodies: bodies)
    })
}

extension ParsedCodec where T == WorkflowDefinition {
    /// `workflows/<name>.yml`, as parsed and checked.
    static let workflow = ParsedCodec(kind: 3, encode: { workflow, writer in
        writer.string(workflow.name)
        writer.optional(workflow.description)
        writer.strings(workflow.roles)
        writer.string(workflow.initialState)
        writer.list(workflow.states) { state, writer in
            writer.string(state.name)
            writer.bool(state.isFinal)
            writer.optional(state.description)
        }
        writer.list(workflow.transitions) { transition, writer in
            writer.string(transition.name)
            writer.strings(transition.from)
            writer.string(transition.to)
            writer.strings(transition.roles)
            WorkflowCoding.guards(transition.guards, &writer)
            writer.strings(transition.effects)
            writer.optional(transition.description)
        }
        writer.list(workflow.actions) { action, writer in
            writer.string(action.name)
            writer.strings(action.states)
            writer.strings(action.roles)
            WorkflowCoding.guards(action.guards, &writer)
            writer.optional(action.description)
        }
        WorkflowCoding.rule(workflow.voting, &writer)
        writer.list(workflow.votingByState.sorted(by: { $0.key < $1.key })) { entry, writer in
            writer.string(entry.key)
            WorkflowCoding.rule(entry.value, &writer)
        }
        writer.list(workflow.hostTransitions.sorted(by: { $0.key < $1.key })) { entry, writer in
            writer.string(entry.key)
            writer.string(entry.value)
        }
        writer.list(workflow.hostStates.sorted(by: { $0.key < $1.key })) { entry, writer in
            writer.string(entry.key)
            writer.strings(entry.value)
        }
    }, decode: { reader throws(ParsedFile.Damaged) in
        let name = try reader.string(), description = try reader.optional()
        let roles = try reader.strings(), initialState = try reader.string()
        let states = try reader.list { reader throws(ParsedFile.Damaged) in
            StateDefinition(name: try reader.string(), isFinal: try reader.bool(), description: try reader.optional())
        }
        let transitions = try reader.list { reader throws(ParsedFile.Damaged) in
            TransitionDefinition(name: try reader.string(), from: try reader.strings(), to: try reader.string(),
                                 roles: try reader.strings(), guards: try WorkflowCoding.guards(&reader),
                                 effects: try reader.strings(), description: try reader.optional())
        }
        let actions = try reader.list { reader throws(ParsedFile.Damaged) in
            ActionDefinition(name: try reader.string(), states: try reader.strings(), roles: try reader.strings(),
                             guards: try WorkflowCoding.guards(&reader), description: try reader.optional())
        }
        let voting = try WorkflowCoding.rule(&reader)
        let votingByState = try reader.list { reader throws(ParsedFile.Damaged) in (try reader.string(), try WorkflowCoding.rule(&reader)) }
        let hostTransitions = try reader.list { reader throws(ParsedFile.Damaged) in (try reader.string(), try reader.string()) }
        let hostStates = try reader.list { reader throws(ParsedFile.Damaged) in (try reader.string(), try reader.strings()) }
        return WorkflowDefinition(name: name, description: description, roles: roles, initialState: initialState, states: states,
                                  transitions: transitions, actions: actions, voting: voting,
                                  votingByState: Dictionary(votingByState, uniquingKeysWith: { first, _ in first }),
                                  hostTransitions: Dictionary(hostTransitions, uniquingKeysWith: { first, _ in first }),
                                  hostStates: Dictionary(hostStates, uniquingKeysWith: { first, _ in first }))
    })
}

/// The parts of a workflow that several of its members share: guards and fractions.
private enum WorkflowCoding {
    static func rule(_ rule: VotingRule, _ writer: inout ParsedFile.Writer) {
        fraction(rule.quorum, &writer)
        writer.string(rule.majority.rawValue)
        writer.string(rule.electorateLabel)
        writer.optional(rule.body)
    }

    static func rule(_ reader: inout ParsedFile.Reader) throws(ParsedFile.Damaged) -> VotingRule {
        let quorum = try fraction(&reader)
        guard let majority = VotingRule.Majority(rawValue: try reader.string()) else { throw ParsedFile.Damaged() }
        return VotingRule(quorum: quorum, majority: majority, electorateLabel: try reader.string(), body: try reader.optional())
    }

    static func fraction(_ fraction: Fraction, _ writer: inout ParsedFile.Writer) {
        writer.int(fraction.numerator)
        writer.int(fraction.denominator)
    }

    static func fraction(_ reader: inout ParsedFile.Reader) throws(ParsedFile.Damaged) -> Fraction {
        guard let fraction = Fraction(numerator: try reader.int(), denominator: try reader.int()) else { throw ParsedFile.Damaged() }
        return fraction
    }

    static func guards(_ guards: [Guard], _ writer: inout ParsedFile.Writer) {
        writer.list(guards) { item, writer in
            switch item {
            case .role(let roles):
                writer.bytes.append(0)
                writer.strings(roles)
            case .quorum(let quorum):
                writer.bytes.append(1)
                writer.string(quorum.count)
                writer.optional(quorum.total)
                switch quorum.threshold {
                case .atLeast(let number):
                    writer.bool(false)
                    writer.int(number)
                case .fraction(let fraction):
                    writer.bool(true)
                    Self.fraction(fraction, &writer)
                }
                writer.optional(quorum.label)
            case .majority(let majority):
                writer.bytes.append(2)
                writer.string(majority.forCount)
                writer.string(majority.againstCount)
            case .deadline(let deadline):
                writer.bytes.append(3)
                writer.string(deadline.date)
                writer.string(deadline.side.rawValue)
                writer.optional(deadline.label)
            case .predicate(let name, let message, let arguments) where arguments.isEmpty:
                writer.bytes.append(4)
                writer.string(name)
                writer.optional(message)
            case .predicate(let name, let message, let arguments):
                // A kind of its own, so that files stored before arguments existed read as they were.
                writer.bytes.append(5)
                writer.string(name)
                writer.optional(message)
                writer.strings(arguments)
            }
        }
    }

    static func guards(_ reader: inout ParsedFile.Reader) throws(ParsedFile.Damaged) -> [Guard] {
        try reader.list { reader throws(ParsedFile.Damaged) -> Guard in
            switch try reader.byte() {
            case 0:
                return .role(try reader.strings())
            case 1:
                let count = try reader.string(), total = try reader.optional()
                let threshold: Threshold = try reader.bool() ? .fraction(try fraction(&reader)) : .atLeast(try reader.int())
                return .quorum(QuorumRequirement(count: count, total: total, threshold: threshold, label: try reader.optional()))
            case 2:
                return .majority(MajorityRequirement(forCount: try reader.string(), againstCount: try reader.string()))
            case 3:
                let date = try reader.string()
                guard let side = DeadlineRequirement.Side(rawValue: try reader.string()) else { throw ParsedFile.Damaged() }
                return .deadline(DeadlineRequirement(date: date, side: side, label: try reader.optional()))
            case 4:
                return .predicate(name: try reader.string(), message: try reader.optional())
            case 5:
                return .predicate(name: try reader.string(), message: try reader.optional(), arguments: try reader.strings())
            default:
                throw ParsedFile.Damaged()
            }
        }
    }
}
