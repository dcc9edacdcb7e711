import DDNSKit

print("\(DDSwiftVersion.program) \(DDSwiftVersion.string)")
