import ArgumentParser
import Foundation
import Logging
import NIOCore
import ParleyConfiguration
import ParleyServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the signaling server (membrane_webrtc_server protocol) and the browser client."
    )

    @Option(help: "Address to listen on. Use 0.0.0.0 to accept other machines.")
    var host: String?

    @Option(help: "TCP port to listen on (0 picks a free one).")
    var port: Int?

    @Option(help: "JSON configuration file (see Config/parley.json for every key).")
    var config: String?

    @Option(help: "Serve the browser client from this directory instead of the built-in copy.")
    var webRoot: String?

    @Flag(help: "Speak only the membrane_webrtc_server 0.1.2 baseline (no Parley additions), to test clients.")
    var membraneBaseline = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        LoggingSetup.bootstrap(level: logLevel)
        var configuration = ParleyConfiguration()
        if let config {
            do {
                configuration = try ParleyConfiguration.load(path: config)
            } catch {
                throw CommandFailure(error.description)
            }
        }
        if let host { configuration.server.host = host }
        if let port { configuration.server.port = port }
        if let webRoot { configuration.server.webRoot = webRoot }
        if membraneBaseline { configuration.server.membraneBaseline = true }
        do {
            try configuration.validate(source: "command line")
        } catch {
            throw CommandFailure(error.description)
        }
        let logger = Logger(label: "parley.server")
        let server = SignalingServer(configuration: configuration, logger: logger)
        let host = configuration.server.host
        let port = configuration.server.port
        do {
            try await server.run { port in
                logger.notice("listening", metadata: ["url": "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/"])
            }
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw CommandFailure("port \(port) on \(host) is already in use: stop the other server or choose --port")
        } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL {
            throw CommandFailure("cannot listen on \(host): no such address on this machine")
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
