// swift-tools-version:6.0
import PackageDescription

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
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CPangoCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]
        ),
        .target(
            name: "OutreachKit",
            dependencies: [
                "CCurl",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        // Printing links Pango, Cairo and GLib: kept out of `outreach` (loading them costs about 5 MB
        // of memory at every start) in a helper that `outreach print` runs.
        .target(
            name: "OutreachPrint",
            dependencies: ["OutreachKit", "CPangoCairo"]
        ),
        .executableTarget(
            name: "outreach-print",
            dependencies: ["OutreachPrint", "OutreachKit"]
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
            dependencies: ["OutreachKit", "OutreachTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "OutreachCLITests",
            // Depending on the executable makes `swift test` build it; the tests run the binary.
            dependencies: ["outreach", "outreach-print", "OutreachKit", "OutreachTestSupport"]
        ),
    ]
)
