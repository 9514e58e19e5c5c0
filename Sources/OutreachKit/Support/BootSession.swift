import Foundation

/// Which boot of the system this process runs in. A send run that died in the current boot
/// (a kill, a crash of the process) left every write it made in the files, synced or not; one
/// that ran in an earlier boot (before a power loss, a reset, a crash of the system) may have
/// lost what was not yet synced.
enum BootSession {
    /// The kernel's id for this boot (Linux: `/proc/sys/kernel/random/boot_id`, a UUID), or ""
    /// when it cannot be read: then no earlier run is taken to be of the same boot.
    static let current: String = readBootId()

    private static func readBootId() -> String {
        #if os(Linux)
        let descriptor = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return "" }
        return String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #elseif canImport(Darwin)
        var size = 0
        guard sysctlbyname("kern.bootsessionuuid", nil, &size, nil, 0) == 0, size > 0 else { return "" }
        var buffer = [CChar](repeating: 0, count: size)
        guard sysctlbyname("kern.bootsessionuuid", &buffer, &size, nil, 0) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
        return ""
        #endif
    }
}
