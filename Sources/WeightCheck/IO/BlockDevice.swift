// BlockDevice: whether a file lives on a spinning disk. A file's st_dev names its block device as MAJ:MIN;
// /sys/dev/block/MAJ:MIN links to the device's sysfs folder. A partition's folder holds a `partition` file and
// sits inside its disk's folder, whose queue/rotational says 1 for a spinning disk; a device-mapper or md
// device (LVM, LUKS, RAID) lists the devices under it in slaves/, and is rotational when any of them is.
// Anything not found there (tmpfs, overlay, NFS, a container without sysfs) counts as not rotational.
import Foundation

enum BlockDevice {
    /// The st_dev of the file at `path` (links followed), or nil when it cannot be read.
    static func deviceNumber(of path: String) -> UInt64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return UInt64(truncatingIfNeeded: st.st_dev)
    }

    /// `MAJ:MIN` of a device number, as /sys/dev/block names it (glibc's encoding).
    static func majorMinor(_ dev: UInt64) -> String {
        let major = ((dev >> 32) & 0xffff_f000) | ((dev >> 8) & 0x0000_0fff)
        let minor = ((dev >> 12) & 0xffff_ff00) | (dev & 0x0000_00ff)
        return "\(major):\(minor)"
    }

    /// Whether device `dev` is, or sits on, a rotational disk according to the sysfs tree at `sysfs`.
    static func isRotational(device dev: UInt64, sysfs: String) -> Bool {
        isRotational(majorMinor: majorMinor(dev), sysfs: sysfs)
    }

    static func isRotational(majorMinor: String, sysfs: String) -> Bool {
        guard let folder = Sys.realPath(sysfs + "/dev/block/" + majorMinor) else { return false }
        return isRotational(folder: folder, depth: 0)
    }

    /// A device folder: its own queue/rotational, its disk's for a partition, its slaves' for dm and md.
    private static func isRotational(folder: String, depth: Int) -> Bool {
        guard depth < 8 else { return false }  // a cycle of links in a damaged or hostile tree
        var disk = folder
        if exists(folder + "/partition") { disk = Paths.parent(folder) }
        let slaves = disk + "/slaves"
        if let names = try? FileManager.default.contentsOfDirectory(atPath: slaves), !names.isEmpty {
            return names.contains { name in
                Sys.realPath(slaves + "/" + name).map { isRotational(folder: $0, depth: depth + 1) } ?? false
            }
        }
        return readFlag(disk + "/queue/rotational")
    }

    private static func exists(_ path: String) -> Bool {
        if case .success = Sys.status(of: path, follow: true) { return true }
        return false
    }

    /// A sysfs flag file: "1" (with its newline) is true; anything else, or no file, false. Read with read(2):
    /// sysfs attributes cannot be mapped.
    private static func readFlag(_ path: String) -> Bool {
        guard case .success(let fd) = Sys.openReadOnly(path) else { return false }
        defer { Sys.close(fd) }
        var byte: UInt8 = 0
        return read(fd, &byte, 1) == 1 && byte == UInt8(ascii: "1")
    }
}
