import COpenSSL

/// Hashes and HMACs from libcrypto (already loaded with libcurl): never hand-written.
public enum Digest {
    /// `algorithm` is an OpenSSL digest name: md5, sha1, sha224, sha256, sha384, sha512.
    public static func hash(_ algorithm: String, _ data: [UInt8]) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: 64)
        let length = data.withUnsafeBufferPointer { buffer in
            copenssl_digest(algorithm, buffer.baseAddress, buffer.count, &out)
        }
        return length == 0 ? nil : Array(out[0..<Int(length)])
    }

    /// HMAC of `data` with `key`.
    public static func hmac(_ algorithm: String, key: [UInt8], _ data: [UInt8]) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: 64)
        let length = key.withUnsafeBytes { keyBuffer in
            data.withUnsafeBufferPointer { dataBuffer in
                copenssl_hmac(
                    algorithm, keyBuffer.baseAddress, Int32(keyBuffer.count), dataBuffer.baseAddress, dataBuffer.count,
                    &out)
            }
        }
        return length == 0 ? nil : Array(out[0..<Int(length)])
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}
