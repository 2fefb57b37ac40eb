import ArgumentParser
extension Accord { struct Demo: ParsableCommand {} }
