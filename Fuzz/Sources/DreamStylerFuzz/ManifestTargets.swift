import Foundation
import Generation
import Model
import Pretraining

extension FuzzTarget {
    /// A corpus folder's `manifest.jsonl`, as pretraining and `corpus` read it.
    static let corpusManifest = FuzzTarget(name: "corpus-manifest", run: { data in
        guard let index = try? CorpusIndex(folder: URL(fileURLWithPath: "/corpus"), manifest: data) else { return }
        _ = index.clips.map(\.file.path)
    }, seeds: {
        let lines = [
            #"{"file":"clips/000001.flac","caption":"a calm koto melody","kind":"generator","bank":0,"program":107}"#,
            #"{"file":"clips/000002.flac","caption":"reggae with a walking bass","kind":"real","package":"example-music"}"#,
            #"{"caption":"evaluator clip","file":"eval/x.wav","kind":"evaluator"}"#,
        ]
        return ["manifest.jsonl": Data((lines.joined(separator: "\n") + "\n").utf8)]
    })

    /// A base model folder's `manifest.json` (what `pretrain ship` records) and `config.json`, as loading the base reads them.
    static let baseManifest = FuzzTarget(name: "base-manifest", run: { data in
        if let m = try? JSONDecoder().decode(BaseModel.Manifest.self, from: data) {
            for hash in m.sha256.values.prefix(4) { _ = BaseModel.name(denoiserHash: hash, manifest: m) }
        }
        let dec = JSONDecoder()
        dec.keyDecodingStrategy = .convertFromSnakeCase
        _ = try? dec.decode(ModelConfiguration.self, from: data)
    }, seeds: {
        let m = BaseModel.Manifest(createdAt: "2026-11-24T00:00:00Z", corpus: ["hours": "12", "kind": "procedural"],
                                   steps: ["codec": 20_000, "denoiser": 60_000], finalLosses: ["codec": 0.01, "denoiser": 0.12],
                                   metrics: ["tau": 0.4], sha256: ["denoiser.safetensors": String(repeating: "ef", count: 32)],
                                   reproduce: "Scripts/pretrain --hours 12")
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return ["manifest.json": try enc.encode(m), "config.json": try TinyDenoiser.config.encoded()]
    })
}
