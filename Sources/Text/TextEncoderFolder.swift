import Foundation

/// Where the text encoder lives, and whether a folder holds a usable one.
public enum TextEncoderFolder {
    /// The files every Hugging Face BERT folder must have.
    public static let requiredFiles = ["config.json", "model.safetensors", "vocab.txt"]

    /// The data folder: `$DREAMSTYLER_HOME`, or `~/.local/share/dreamstyler`.
    public static var dataFolder: URL {
        if let h = ProcessInfo.processInfo.environment["DREAMSTYLER_HOME"], !h.isEmpty { return URL(fileURLWithPath: h) }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/dreamstyler")
    }

    /// Where `dreamstyler setup` puts all-MiniLM-L6-v2.
    public static var defaultFolder: URL { folder(in: dataFolder) }

    /// The all-MiniLM-L6-v2 folder inside a data folder.
    public static func folder(in dataFolder: URL) -> URL {
        dataFolder.appendingPathComponent("text-encoder/all-MiniLM-L6-v2")
    }

    /// The required files missing from `folder` (all of them when the folder is absent).
    /// An empty file counts as missing: an interrupted copy must not pass.
    public static func missingFiles(in folder: URL) -> [String] {
        requiredFiles.filter { name in
            let attrs = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            return ((attrs?[.size] as? NSNumber)?.intValue ?? 0) == 0
        }
    }

    /// Throws a one-line error naming the command that fixes a missing or incomplete folder.
    public static func check(_ folder: URL) throws(TextEncoderError) {
        let missing = missingFiles(in: folder)
        guard !missing.isEmpty else { return }
        let isDefault = folder.standardizedFileURL.path == defaultFolder.standardizedFileURL.path
        let fix = isDefault
            ? "run `dreamstyler setup` to fetch all-MiniLM-L6-v2 there"
            : "run `dreamstyler setup` to fetch all-MiniLM-L6-v2 into the data folder and drop --text-encoder, "
                + "or give --text-encoder a Hugging Face BERT folder with \(requiredFiles.joined(separator: ", "))"
        throw .incompleteFolder(path: folder.path, missing: missing, fix: fix)
    }
}
