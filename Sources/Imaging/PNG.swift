import Foundation

/// A minimal PNG encoder (8-bit RGB), so that pictures need no image library:
/// zlib "stored" blocks instead of compression — larger files, zero dependencies.
public enum PNG {
    /// PNG bytes for `width`×`height` RGB pixels, row-major, 3 bytes each.
    public static func encode(width: Int, height: Int, rgb: [UInt8]) -> Data {
        precondition(rgb.count == width * height * 3, "PNG: \(rgb.count) bytes for \(width)×\(height) RGB")
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var ihdr = Data()
        ihdr.appendBE(UInt32(width)); ihdr.appendBE(UInt32(height))
        ihdr.append(contentsOf: [8, 2, 0, 0, 0])  // 8-bit depth, RGB, deflate, no filter method, no interlace
        chunk("IHDR", ihdr, into: &png)
        // Each scanline starts with filter type 0 (none).
        var raw = Data(capacity: height * (width * 3 + 1))
        for y in 0..<height {
            raw.append(0)
            raw.append(contentsOf: rgb[(y * width * 3)..<((y + 1) * width * 3)])
        }
        chunk("IDAT", zlibStored(raw), into: &png)
        chunk("IEND", Data(), into: &png)
        return png
    }

    private static func chunk(_ type: String, _ body: Data, into png: inout Data) {
        png.appendBE(UInt32(body.count))
        let typed = Data(type.utf8) + body
        png.append(typed)
        png.appendBE(crc32(typed))
    }

    /// zlib stream of uncompressed deflate blocks (at most 65,535 bytes each).
    static func zlibStored(_ data: Data) -> Data {
        var out = Data([0x78, 0x01])
        let bytes = [UInt8](data)
        var i = 0
        repeat {
            let n = min(65_535, bytes.count - i)
            out.append(i + n == bytes.count ? 1 : 0)
            out.append(UInt8(n & 0xFF)); out.append(UInt8(n >> 8))
            out.append(UInt8(~n & 0xFF)); out.append(UInt8((~n >> 8) & 0xFF))
            out.append(contentsOf: bytes[i..<(i + n)])
            i += n
        } while i < bytes.count
        out.appendBE(adler32(bytes))
        return out
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return (b << 16) | a
    }

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in data { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

extension Data {
    mutating func appendBE(_ v: UInt32) {
        append(contentsOf: [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)])
    }
}
