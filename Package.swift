// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "parley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.22.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.20.0"),
    ],
    targets: [
        // C libraries from Debian, one system-library target each (shim.h wraps macros).
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSRTP", pkgConfig: "libsrtp2", providers: [.apt(["libsrtp2-dev"])]),
        .systemLibrary(name: "COpus", pkgConfig: "opus", providers: [.apt(["libopus-dev"])]),
        .systemLibrary(name: "CALSA", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),

        .target(
            name: "ParleySignaling",
            swiftSettings: strict
        ),
        .target(
            name: "ParleyConfiguration",
            swiftSettings: strict
        ),
        .target(
            name: "ParleyServer",
            dependencies: [
                "ParleySignaling",
                "ParleyConfiguration",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Web")],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyAudio",
            dependencies: ["COpus", "CALSA"],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyRTC",
            dependencies: [
                "COpenSSL",
                "CSRTP",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyClient",
            dependencies: [
                "ParleyRTC",
                "ParleyAudio",
                "ParleySignaling",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyTUI",
            dependencies: ["CNcursesw"],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyApp",
            dependencies: [
                "ParleyClient",
                "ParleyTUI",
                "ParleyServer",
                "ParleyConfiguration",
                "ParleyAudio",
                "ParleyRTC",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "parley",
            dependencies: [
                "ParleyServer",
                "ParleySignaling",
                "ParleyConfiguration",
                "ParleyClient",
                "ParleyRTC",
                "ParleyAudio",
                "ParleyTUI",
                "ParleyApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Helpers shared by the test targets (test targets cannot depend on each other).
        .target(
            name: "ParleyTestSupport",
            swiftSettings: strict
        ),
        // libFuzzer targets (see FUZZING.md); an ordinary build makes a no-op executable.
        .executableTarget(
            name: "FuzzSTUN",
            dependencies: ["ParleyRTC"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "FuzzSDP",
            dependencies: ["ParleyRTC"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "FuzzRTP",
            dependencies: ["ParleyRTC"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "FuzzJSON",
            dependencies: ["ParleySignaling"],
            swiftSettings: strict
        ),

        .testTarget(
            name: "NativeLibraryTests",
            dependencies: ["CNcursesw", "COpenSSL", "CSRTP", "COpus", "CALSA"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ParleySignalingTests",
            dependencies: ["ParleySignaling", "ParleyTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ParleyServerTests",
            dependencies: [
                "ParleyServer",
                "ParleySignaling",
                "ParleyConfiguration",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ALSADeviceTests",
            dependencies: [
                "ParleyAudio", "CALSA", "ParleyClient", "ParleyServer", "ParleyConfiguration",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ParleyTUITests",
            dependencies: ["ParleyTUI", "CNcursesw"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ParleyAppTests",
            dependencies: ["ParleyApp", "ParleyClient", "ParleyTUI", "ParleyRTC"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ParleyClientTests",
            dependencies: [
                "ParleyClient",
                "ParleyServer",
                "ParleyConfiguration",
                "ParleyRTC",
                "ParleyAudio",
                "ParleyTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "ParleyAudio",
                "ParleySignaling",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ParleyAudioTests",
            dependencies: ["ParleyAudio", "ParleyTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ParleyRTCTests",
            dependencies: ["ParleyRTC", "ParleyTestSupport", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
    ]
)
