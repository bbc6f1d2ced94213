import Foundation

// dreamstyler-fuzz TARGET [libFuzzer flags and corpus folders]
// dreamstyler-fuzz --write-seeds FOLDER      (the generated seed inputs, one folder per target)
// dreamstyler-fuzz --list
//
// libFuzzer owns `main` (with `--sanitize fuzzer` SwiftPM links it in and compiles this module as a
// library), so the target is chosen in LLVMFuzzerInitialize, which libFuzzer calls with argv before
// it reads its flags. The choice is also put in the environment: libFuzzer's merge and fork modes
// start this binary again with the flags only.

let targetVariable = "DREAMSTYLER_FUZZ_TARGET"

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    let args = (0..<Int(argc.pointee)).map { String(cString: argv.pointee![$0]!) }
    func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(status)
    }
    let names = FuzzTarget.all.map(\.name)
    switch args.count > 1 ? args[1] : "" {
    case "--list":
        print(names.joined(separator: "\n"))
        exit(0)
    case "--write-seeds":
        guard args.count == 3 else { fail("dreamstyler-fuzz --write-seeds FOLDER", status: 2) }
        do { try FuzzTarget.writeSeeds(to: URL(fileURLWithPath: args[2])) } catch { fail("dreamstyler-fuzz: \(error)", status: 1) }
        exit(0)
    case let name where names.contains(name):
        setenv(targetVariable, name, 1)
        // Drop the name, so libFuzzer sees only its flags and corpus folders.
        let list = argv.pointee!
        for i in 1..<Int(argc.pointee) { list[i] = list[i + 1] }
        argc.pointee -= 1
    default:
        break
    }
    guard let name = ProcessInfo.processInfo.environment[targetVariable], let target = FuzzTarget.all.first(where: { $0.name == name }) else {
        fail("usage: dreamstyler-fuzz TARGET [libFuzzer flags] | --write-seeds FOLDER | --list (targets: \(names.joined(separator: ", ")))", status: 2)
    }
    FuzzTarget.selected = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    FuzzTarget.selected?.run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}
