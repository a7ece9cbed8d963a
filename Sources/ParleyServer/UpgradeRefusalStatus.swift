import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Synchronization

/// Hummingbird answers every refused WebSocket upgrade with 400. The protocol needs 401 and 404
/// too, so the decision records the status per channel and this handler rewrites that response.
final class UpgradeRefusals: Sendable {
    private let statuses = Mutex<[ObjectIdentifier: HTTPResponse.Status]>([:])

    func record(_ status: HTTPResponse.Status, for channel: any Channel) {
        statuses.withLock { $0[ObjectIdentifier(channel)] = status }
    }

    func take(for channel: any Channel) -> HTTPResponse.Status? {
        statuses.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    func handler() -> UpgradeRefusalStatusHandler {
        UpgradeRefusalStatusHandler(refusals: self)
    }
}

final class UpgradeRefusalStatusHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let refusals: UpgradeRefusals

    init(refusals: UpgradeRefusals) {
        self.refusals = refusals
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        if case .head(var head) = part, head.status == .badRequest, let status = refusals.take(for: context.channel) {
            head.status = status
            context.write(wrapOutboundOut(.head(head)), promise: promise)
            return
        }
        context.write(data, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        _ = refusals.take(for: context.channel)
    }
}
