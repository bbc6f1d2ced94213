import CFuzzer
import Foundation

// dreamstyler-fuzz TARGET [libFuzzer flags and corpus folders]
// dreamstyler-fuzz --write-seeds FOLDER      (the generated seed inputs, one folder per target)
// dreamstyler-fuzz --list

var arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: dreamstyler-fuzz TARGET [libFuzzer flags] | --write-seeds FOLDER | --list\n".utf8))
    exit(2)
}
let command = arguments.remove(at: 1)
switch command {
case "--list":
    print(FuzzTarget.all.map(\.name).joined(separator: "\n"))
    exit(0)
case "--write-seeds":
    guard arguments.count == 2 else { FileHandle.standardError.write(Data("--write-seeds FOLDER\n".utf8)); exit(2) }
    do { try FuzzTarget.writeSeeds(to: URL(fileURLWithPath: arguments[1])) } catch {
        FileHandle.standardError.write(Data("dreamstyler-fuzz: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
default:
    guard let target = FuzzTarget.all.first(where: { $0.name == command }) else {
        FileHandle.standardError.write(Data("dreamstyler-fuzz: no target '\(command)' (\(FuzzTarget.all.map(\.name).joined(separator: ", ")))\n".utf8))
        exit(2)
    }
    FuzzTarget.selected = target
}

// libFuzzer calls back through a C function pointer, which can carry no context: the target is a global.
let callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { bytes, count in
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    FuzzTarget.selected?.run(data)
    return 0
}
var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
var argc = Int32(arguments.count)
let status = cArguments.withUnsafeMutableBufferPointer { buffer in
    var argv = buffer.baseAddress
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}
exit(status)
