import CoreMetrics
import Prometheus

/// The server's metrics, in its own Prometheus registry so several servers can share a process.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let peers: CoreMetrics.Gauge
    let rooms: CoreMetrics.Gauge
    let messagesRelayed: CoreMetrics.Counter
    let joins: CoreMetrics.Counter
    private let factory: PrometheusMetricsFactory

    init() {
        factory = PrometheusMetricsFactory(registry: registry)
        peers = CoreMetrics.Gauge(label: "parley_peers", factory: factory)
        rooms = CoreMetrics.Gauge(label: "parley_rooms", factory: factory)
        messagesRelayed = CoreMetrics.Counter(label: "parley_messages_relayed_total", factory: factory)
        joins = CoreMetrics.Counter(label: "parley_joins_total", factory: factory)
        peers.record(0)
        rooms.record(0)
    }

    /// Counts one error sent to a peer or one refusal, by its kind.
    func error(_ kind: String) {
        CoreMetrics.Counter(label: "parley_errors_total", dimensions: [("kind", kind)], factory: factory).increment()
    }

    func prometheusText() -> String {
        registry.emitToString()
    }
}
