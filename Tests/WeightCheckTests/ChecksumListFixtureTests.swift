// Checksum lists made by the reference tools (testdata/checksums, by make_checksum_fixtures.py: sha256sum,
// sha256sum --tag, CRLF, xxhsum, -H1/-H2/-H3, --tag) are read by `hash --check`; `hash`'s own output is
// byte-equal to each tool's, so each tool's `-c` reads it back. Lists from stdin, /dev/stdin and a FIFO;
// a FIFO given to `hash` is refused without being opened.
import Foundation
import Testing
@testable import WeightCheck

@Suite(.needsWeightcheck)
struct ChecksumListFixtureTests {
    struct FixtureFile: Decodable {
        let name: String
        let seed: UInt64
        let length: Int
    }

    static let files: [FixtureFile] = {
        let data = FileManager.default.contents(atPath: TestData.path("checksums/files.json"))!
        return try! JSONDecoder().decode([FixtureFile].self, from: data)
    }()

    /// The fixture files recreated in a fresh folder.
    static func folder() -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        for f in files { _ = dir.write(f.name, splitmixBytes(seed: f.seed, count: f.length)) }
        return dir
    }

    static func list(_ name: String) -> [UInt8] { .contents(of: TestData.path("checksums/" + name)) }

    static let lists = ["sha256sum.txt", "sha256sum-tag.txt", "sha256sum-crlf.txt", "xxhsum.txt", "xxhsum-H1.txt",
                        "xxhsum-H2.txt", "xxhsum-H3.txt", "xxhsum-tag.txt", "xxhsum-H2-tag.txt"]

    @Test(arguments: lists)
    func toolListsCheckOK(_ name: String) throws {
        let dir = Self.folder()
        _ = dir.write("list", Self.list(name))
        let lineCount = Self.list(name).split(separator: 10).count
        let r = try ProcessRunner.run(["hash", "--check", "list"], in: dir.path)
        #expect(r.status == 0, "\(name): \(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == lineCount, "\(name): \(r.stdout)")
        #expect(lines.allSatisfy { $0.hasSuffix(": OK") }, "\(name): \(r.stdout)")
        #expect(r.stderr.isEmpty, "\(name): \(r.stderr)")
    }

    @Test(arguments: lists)
    func aChangedFileFails(_ name: String) throws {
        let dir = Self.folder()
        _ = dir.write("list", Self.list(name))
        var bytes = [UInt8].contents(of: dir.path + "/plain.bin")
        bytes[500] ^= 1
        _ = dir.write("plain.bin", bytes)
        let r = try ProcessRunner.run(["hash", "--check", "list"], in: dir.path)
        #expect(r.status == 1, "\(name)")
        #expect(r.stdout.contains("plain.bin: FAILED\n"), "\(name): \(r.stdout)")
        #expect(r.stdout.contains("with space.bin: OK\n"), "\(name): \(r.stdout)")
        #expect(r.stderr.contains("Warning: 1 computed checksum did NOT match"), "\(name): \(r.stderr)")
    }

    /// `hash` prints what the tool prints, so the tool's `-c` reads our output back.
    @Test(arguments: [("sha256", "sha256sum.txt", true), ("xxh64", "xxhsum.txt", false),
                      ("xxh128", "xxhsum-H2.txt", false), ("xxh3", "xxhsum-H3.txt", false)])
    func ourLinesEqualTheTools(_ algo: String, _ list: String, _ escapedNamesToo: Bool) throws {
        let dir = Self.folder()
        let names = Self.files.map(\.name).filter { escapedNamesToo || !($0.contains("\\") || $0.contains("\n")) }
        let r = try ProcessRunner.run(["hash", "--algo", algo] + names, in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Array(r.stdout.utf8) == Self.list(list), "\(algo):\n\(r.stdout)")
    }

    @Test func listsFromStdinDevStdinAndAFIFO() throws {
        let dir = Self.folder()
        let list = Self.list("xxhsum.txt")
        for args in [["hash", "--check", "-"], ["hash", "-c", "/dev/stdin"]] {
            let r = try ProcessRunner.run(args, in: dir.path, stdin: list)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.stdout.split(separator: "\n").count == 5)
        }
        // What bash's <(…) gives: a FIFO the list is written into.
        let fifo = dir.path + "/list.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            list.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        writer.start()
        let r = try ProcessRunner.run(["hash", "--check", fifo], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 5)
    }

    @Test func specialFilesAreRefusedWithoutOpening() throws {
        let dir = Self.folder()
        let fifo = dir.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opening a FIFO with no writer would block forever: the run would be killed and fail these checks.
        for args in [["hash", "pipe"], ["hash", "/dev/null", "plain.bin"]] {
            let r = try ProcessRunner.run(args, in: dir.path)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.hasPrefix("Error: "), "\(args): \(r.stderr)")
            #expect(r.stderr.contains("not a regular file"), "\(args): \(r.stderr)")
        }
        _ = dir.write("list", Array("\(String(repeating: "0", count: 64))  pipe\n".utf8))
        let check = try ProcessRunner.run(["hash", "--check", "list"], in: dir.path)
        #expect(check.status == 1)
        #expect(check.stdout == "pipe: FAILED open or read\n")
    }

    @Test func unreadableListsSayWhyAndKeepTheJSONShape() throws {
        let dir = Self.folder()
        for (list, reason) in [("missing.txt", "no such file or folder"), ("sub", "is a folder")] {
            let r = try ProcessRunner.run(["hash", "--json", "--check", list], in: dir.path)
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("Error: \(list): cannot read the list: \(reason)"), "\(r.stderr)")
            let doc = try #require(try r.json() as? [String: Any])
            #expect(doc["ok"] as? Bool == false)
            #expect((doc["error"] as? String)?.contains(reason) == true)
            #expect((doc["checked"] as? [Any])?.isEmpty == true)
        }
        let good = try ProcessRunner.run(["hash", "--json", "--check", "-"], in: dir.path, stdin: Self.list("sha256sum-crlf.txt"))
        #expect(good.status == 0)
        let doc = try #require(try good.json() as? [String: Any])
        #expect(Set(doc.keys) == ["ok", "list", "error", "checked", "malformed"])
        #expect((doc["checked"] as? [[String: Any]])?.count == Self.files.count)
    }
}
