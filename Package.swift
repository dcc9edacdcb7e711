// swift-tools-version:6.2
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode (strict concurrency) and
/// internal imports by default, so no C type can leak into a public signature.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The toolchain's lld for the two programs `make` builds in release mode (here for every build
/// of them: swiftc takes the linker choice only from the package, not from `-Xswiftc`). gold,
/// the default, can neither pack relative relocations nor order symbols, which the Makefile's
/// release link asks for.
let lld: [LinkerSetting] = [.unsafeFlags(["-use-ld=lld"])]

let package = Package(
    name: "ddswift",
    products: [
        .executable(name: "ddswift", targets: ["ddswift"]),
        .library(name: "DDNSKit", targets: ["DDNSKit"]),
    ],
    dependencies: [
        // Tests only: property-based round trips (addresses, intervals, config render/parse).
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1")
    ],
    targets: [
        // libcurl's headers only: the library itself is opened on the first transfer (dlopen in
        // the shim), so no `pkgConfig` (it would add -lcurl and map libcurl into every run).
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // libcrypto's HMAC for TSIG (hmac-md5 … hmac-sha512, including sha224 which
        // swift-crypto lacks). libcurl4-openssl already links libcrypto at run time.
        .systemLibrary(
            name: "COpenSSL",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "DDNSKit",
            dependencies: ["CCurl", "CLibYAML", "COpenSSL"],
            swiftSettings: strict
        ),
        // A loopback fake provider: used by the tests, `make demo` and `make bench`. Not installed.
        .target(
            name: "DDNSFakeProvider",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ddswift",
            dependencies: ["DDNSKit"],
            swiftSettings: strict,
            linkerSettings: lld
        ),
        .executableTarget(
            name: "ddswift-fake-provider",
            dependencies: ["DDNSFakeProvider", "DDNSKit"],
            swiftSettings: strict,
            linkerSettings: lld
        ),
        // libFuzzer target (`make fuzz`); an empty program in normal builds.
        .executableTarget(
            name: "ddswift-fuzz",
            dependencies: ["DDNSKit"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DDNSKitTests",
            dependencies: [
                "DDNSKit",
                "DDNSFakeProvider",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
    ]
)
