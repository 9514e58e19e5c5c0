// swift-tools-version:6.0
import Foundation
import PackageDescription

/// Printing (`outreach print`) needs Pango and Cairo. Where pkg-config cannot find `pangocairo`,
/// the printing library is left out and `outreach-print` is built as a stub that says how to
/// install them, so `outreach` itself (email, web forms) builds on any machine. Set
/// OUTREACH_PRINTING=1 or 0 to decide instead of looking; after installing Pango and Cairo, run
/// `swift package reset` (or remove .build) so that the build looks again.
let printing: Bool = {
    let environment = ProcessInfo.processInfo.environment
    if let setting = environment["OUTREACH_PRINTING"], !setting.isEmpty { return setting != "0" }
    // pkg-config's own search: PKG_CONFIG_PATH first, then PKG_CONFIG_LIBDIR or the default folders.
    var folders = (environment["PKG_CONFIG_PATH"] ?? "").split(separator: ":").map(String.init)
    if let libdir = environment["PKG_CONFIG_LIBDIR"] {
        folders += libdir.split(separator: ":").map(String.init)
    } else {
        let multiarch = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib")) ?? []).map {
            "/usr/lib/\($0)/pkgconfig"
        }
        folders +=
            multiarch + [
                "/usr/lib/pkgconfig", "/usr/share/pkgconfig", "/usr/local/lib/pkgconfig", "/usr/local/share/pkgconfig",
                "/opt/homebrew/lib/pkgconfig", "/usr/lib64/pkgconfig",
            ]
    }
    return folders.contains { FileManager.default.fileExists(atPath: "\($0)/pangocairo.pc") }
}()

/// The printing library and its C module, only where Pango and Cairo are installed.
let printingTargets: [Target] =
    printing
    ? [
        .systemLibrary(
            name: "CPangoCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]
        ),
        .target(
            name: "OutreachPrint",
            dependencies: ["OutreachKit", "CPangoCairo"]
        ),
    ] : []

let package = Package(
    name: "outreach",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "outreach", targets: ["outreach"]),
        .executable(name: "outreach-print", targets: ["outreach-print"]),
        .library(name: "OutreachKit", targets: ["OutreachKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // SQLite's threading mode, set once before the first connection (`SQLiteSetup`).
        .systemLibrary(
            name: "CSQLiteSetup",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "OutreachKit",
            dependencies: [
                "CCurl",
                "CSQLiteSetup",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the statements a send repeats for every letter (SendBooks).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // Printing links Pango, Cairo and GLib: kept out of `outreach` (loading them costs about 5 MB
        // of memory at every start) in a helper that `outreach print` runs; without them, a stub
        // (see `printing`).
        .executableTarget(
            name: "outreach-print",
            dependencies: ["OutreachKit"] + (printing ? ["OutreachPrint"] : [])
        ),
        .executableTarget(
            name: "outreach",
            dependencies: [
                "OutreachKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "OutreachTestSupport",
            dependencies: ["OutreachKit"],
            path: "Tests/OutreachTestSupport"
        ),
        .testTarget(
            name: "OutreachKitTests",
            // GRDB: the queue tests set up letters' states with SQL of their own.
            dependencies: [
                "OutreachKit", "OutreachTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, to check the threading mode of a connection (SendJournalTests).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "OutreachFuzzTests",
            // Generated inputs, from fixed seeds, against the library and the real binary.
            // swift-mustache is the reference the merge's own renderer is compared with.
            dependencies: [
                "outreach", "OutreachKit", "OutreachTestSupport",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .testTarget(
            name: "OutreachCLITests",
            // Depending on the executable makes `swift test` build it; the tests run the binary.
            dependencies: ["outreach", "outreach-print", "OutreachKit", "OutreachTestSupport"]
        ),
    ] + printingTargets
)
