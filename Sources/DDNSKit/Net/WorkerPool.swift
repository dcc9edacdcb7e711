#if canImport(Glibc)
    import Glibc
#endif

/// Runs blocking work (libcurl transfers, DNS exchanges) on a bounded set of plain threads.
///
/// The core is synchronous by design: a transfer blocks its thread, so it must never run on
/// Swift's cooperative pool. Jobs may carry a key (a provider's server) with its own limit, so
/// that one slow provider cannot take every thread and no provider sees more than
/// `perKeyLimit` requests at once.
public enum WorkerPool {
    /// Applies `body` to every item on at most `limit` threads; results keep the input order.
    public static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) -> Output
    ) -> [Output] {
        // One item (a cron run's one address source): no keyed copy of the list to build.
        if items.count <= 1 || limit <= 1 { return items.map(body) }
        return run(items.map { ("", $0) }, limit: limit, perKeyLimit: Int.max, body)
    }

    /// Like ``map(_:limit:_:)``, but at most `perKeyLimit` items with the same key run at once.
    /// Each free thread takes the next item of the key with the fewest running (ties: the
    /// earliest item), so every key gets its share at once: a config listing 100 hosts per
    /// server, server by server, keeps all servers busy instead of leaving the last ones for the
    /// end. Within a key, items start in input order.
    public static func run<Item: Sendable, Output: Sendable>(
        _ items: [(key: String, item: Item)], limit: Int, perKeyLimit: Int,
        _ body: @escaping @Sendable (Item) -> Output
    ) -> [Output] {
        if items.isEmpty { return [] }
        let threads = max(1, min(limit, items.count))
        if threads == 1 { return items.map { body($0.item) } }
        let state = PoolState<Item, Output>(items: items, perKeyLimit: max(1, perKeyLimit), body: body)
        var handles: [pthread_t] = []
        for _ in 0..<threads {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(state as AnyObject).toOpaque()
            let rc = pthread_create(
                &thread, nil,
                { raw in
                    let object = Unmanaged<AnyObject>.fromOpaque(raw!).takeRetainedValue()
                    (object as! any PoolWorker).work()
                    return nil
                }, context)
            if rc == 0 {
                handles.append(thread)
            } else {
                Unmanaged<AnyObject>.fromOpaque(context).release()
            }
        }
        if handles.isEmpty { state.work() }  // could not start threads: do it here
        for thread in handles { pthread_join(thread, nil) }
        return state.results.map { $0! }
    }
}

private protocol PoolWorker: AnyObject {
    func work()
}

/// Shared queue of the pool. Guarded by a pthread mutex and condition variable (a waiting
/// worker must sleep until another finishes an item of a busy key).
private final class PoolState<Item: Sendable, Output: Sendable>: PoolWorker, @unchecked Sendable {
    // @unchecked: every mutable field is only touched with `mutex` held.
    let items: [(key: String, item: Item)]
    let perKeyLimit: Int
    let body: @Sendable (Item) -> Output
    var results: [Output?]
    /// Items not yet started.
    var remaining: Int
    /// Per key (in order of first appearance): its items' indices in input order, the next
    /// to start, and how many run.
    var keys: [(indices: [Int], next: Int, running: Int)] = []
    let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(items: [(key: String, item: Item)], perKeyLimit: Int, body: @escaping @Sendable (Item) -> Output) {
        self.items = items
        self.perKeyLimit = perKeyLimit
        self.body = body
        results = Array(repeating: nil, count: items.count)
        remaining = items.count
        var position: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            if let key = position[item.key] {
                keys[key].indices.append(index)
            } else {
                position[item.key] = keys.count
                keys.append(([index], 0, 0))
            }
        }
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        pthread_cond_destroy(condition)
        mutex.deallocate()
        condition.deallocate()
    }

    func work() {
        pthread_mutex_lock(mutex)
        while true {
            guard remaining > 0 else { break }
            guard let key = nextKey() else {
                pthread_cond_wait(condition, mutex)  // every key with items left is at its limit
                continue
            }
            let index = keys[key].indices[keys[key].next]
            keys[key].next += 1
            keys[key].running += 1
            remaining -= 1
            pthread_mutex_unlock(mutex)
            let output = body(items[index].item)
            pthread_mutex_lock(mutex)
            results[index] = output
            keys[key].running -= 1
            pthread_cond_broadcast(condition)
        }
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    /// The key with items left and room under its limit that runs the fewest (ties: whose
    /// next item comes first).
    private func nextKey() -> Int? {
        var best: Int?
        for (key, state) in keys.enumerated() where state.next < state.indices.count && state.running < perKeyLimit {
            guard let current = best else {
                best = key
                continue
            }
            let other = keys[current]
            if state.running < other.running
                || (state.running == other.running && state.indices[state.next] < other.indices[other.next])
            {
                best = key
            }
        }
        return best
    }
}

/// One piece of work on a thread of its own, joined later: the healthchecks `/start` ping runs
/// beside the cycle instead of before it.
public final class BackgroundJob: @unchecked Sendable {
    // @unchecked: `thread` and `running` are touched only by the creating thread.
    private var thread = pthread_t()
    private var running = false

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    public init(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        running =
            pthread_create(
                &thread, nil,
                { raw in
                    Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
                    return nil
                }, context) == 0
        if !running {
            Unmanaged<Body>.fromOpaque(context).release()
            body()
        }
    }

    /// Waits for the work to finish.
    public func join() {
        guard running else { return }
        pthread_join(thread, nil)
        running = false
    }
}
