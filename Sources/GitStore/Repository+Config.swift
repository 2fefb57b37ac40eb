internal import CLibGit2

extension Repository {
    /// A value of git's configuration as seen from this repository (its own
    /// config, then the user's and the system's), e.g. `user.email`; nil when unset.
    public func configValue(_ key: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) == 0 else { return nil }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, key) == 0, let value else { return nil }
        return String(cString: value)
    }
}
