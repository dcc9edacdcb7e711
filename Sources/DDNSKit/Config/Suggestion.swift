/// "Did you mean": the known name nearest to a misspelt one (`dyndsn2` → `dyndns2`,
/// `cloudfare` → `cloudflare`, `-forse` → `-force`, `pasword` → `password`), for the error
/// or warning that names the misspelling, on the same line.
public enum Suggestion {
    /// The candidate within a small edit distance of `word` (transpositions count once), the
    /// nearest first, then the one closest in length, then alphabetical; nil when none is near.
    public static func nearest(to word: String, among candidates: some Sequence<String>) -> String? {
        let typed = Array(word.lowercased().unicodeScalars.prefix(64))
        guard !typed.isEmpty else { return nil }
        // Short words allow one edit; longer ones one per four characters, at most three.
        let limit = min(3, max(1, typed.count / 4))
        var best: (name: String, distance: Int, lengthGap: Int)?
        for candidate in candidates {
            let known = Array(candidate.lowercased().unicodeScalars)
            guard known != typed, abs(known.count - typed.count) <= limit else { continue }
            let distance = editDistance(typed, known, limit: limit)
            guard distance <= limit else { continue }
            let gap = abs(known.count - typed.count)
            if let current = best,
                (current.distance, current.lengthGap, current.name) <= (distance, gap, candidate)
            {
                continue
            }
            best = (candidate, distance, gap)
        }
        return best?.name
    }

    /// `" (did you mean 'dyndns2'?)"`, or `otherwise` when nothing is near. `spell` writes the
    /// candidate as the user would type it (`-force` for a flag).
    public static func didYouMean(
        _ word: String, among candidates: some Sequence<String>, otherwise: String = "",
        spell: (String) -> String = { "'\($0)'" }
    ) -> String {
        nearest(to: word, among: candidates).map { " (did you mean \(spell($0))?)" } ?? otherwise
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions), giving up
    /// early once every path exceeds `limit`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
