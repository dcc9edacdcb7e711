// libFuzzer entry point for every parser that reads untrusted bytes (`make fuzz`). Built
// normally it is an empty program; with `--sanitize=fuzzer` libFuzzer supplies main().
// The first byte picks the parser, the rest is its input. Each finding becomes a test.
import DDNSKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0] % 7
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let text = String(decoding: bytes, as: UTF8.self)
    switch selector {
    case 0: _ = ConfFileParser.parse(text, file: "fuzz")
    case 1: _ = try? YAMLReader.parse(text, file: "fuzz")
    case 2: _ = CacheFile.parse(text)
    case 3: _ = try? DNSMessage.decode(bytes)
    case 4: _ = JSONValue.parse(text)
    case 5:
        _ = try? CommandLineParser.parse(text.split(separator: " ").map(String.init))
        _ = AddressExtraction.firstIPv4(in: text)
        _ = AddressExtraction.firstIPv6(in: text)
    default: _ = try? TSIGKeyFile.parse(text, file: "fuzz")
    }
    return 0
}
