// Rotational-disk detection on a fake sysfs tree shaped as the kernel's: a partition of a spinning disk, an
// NVMe partition, a device-mapper volume over a spinning partition, and a device sysfs does not know.
import Foundation
import Testing
@testable import WeightCheck

@Suite struct BlockDeviceTests {
    /// /sys/devices/… folders and /sys/dev/block/MAJ:MIN links to them, as the kernel lays them out.
    static func fakeSysfs(_ dir: TemporaryDirectory, extra: [(String, String, rotational: Bool)] = []) -> String {
        let sys = dir.path + "/sys"
        dir.write("sys/devices/pci0000:00/ata1/block/sda/queue/rotational", Array("1\n".utf8))
        dir.write("sys/devices/pci0000:00/ata1/block/sda/sda1/partition", Array("1\n".utf8))
        dir.write("sys/devices/pci0000:00/ata1/block/sda/sda2/partition", Array("2\n".utf8))
        dir.write("sys/devices/pci0000:00/nvme/nvme0/nvme0n1/queue/rotational", Array("0\n".utf8))
        dir.write("sys/devices/pci0000:00/nvme/nvme0/nvme0n1/nvme0n1p2/partition", Array("2\n".utf8))
        dir.write("sys/devices/virtual/block/dm-0/queue/rotational", Array("0\n".utf8))
        try! FileManager.default.createDirectory(atPath: sys + "/devices/virtual/block/dm-0/slaves", withIntermediateDirectories: true)
        try! FileManager.default.createSymbolicLink(atPath: sys + "/devices/virtual/block/dm-0/slaves/sda2",
                                                    withDestinationPath: "../../../../pci0000:00/ata1/block/sda/sda2")
        try! FileManager.default.createDirectory(atPath: sys + "/dev/block", withIntermediateDirectories: true)
        var links = [("8:0", "ata1/block/sda"), ("8:1", "ata1/block/sda/sda1"), ("259:2", "nvme/nvme0/nvme0n1/nvme0n1p2")]
            .map { ($0.0, "../../devices/pci0000:00/" + $0.1) }
        links.append(("253:0", "../../devices/virtual/block/dm-0"))
        links.removeAll { link in extra.contains { $0.0 == link.0 } }  // the test's own device wins
        for (name, folder, rotational) in extra {
            dir.write("sys/devices/virtual/block/\(folder)/queue/rotational", Array((rotational ? "1\n" : "0\n").utf8))
            links.append((name, "../../devices/virtual/block/" + folder))
        }
        for (name, target) in links {
            try! FileManager.default.createSymbolicLink(atPath: sys + "/dev/block/" + name, withDestinationPath: target)
        }
        return sys
    }

    @Test func rotationalThroughPartitionsAndDeviceMapper() {
        let dir = TemporaryDirectory()
        let sys = Self.fakeSysfs(dir)
        #expect(BlockDevice.isRotational(majorMinor: "8:0", sysfs: sys))
        #expect(BlockDevice.isRotational(majorMinor: "8:1", sysfs: sys))  // partition → its disk
        #expect(!BlockDevice.isRotational(majorMinor: "259:2", sysfs: sys))  // NVMe partition
        #expect(BlockDevice.isRotational(majorMinor: "253:0", sysfs: sys))  // LVM/LUKS over a spinning partition
        #expect(!BlockDevice.isRotational(majorMinor: "0:45", sysfs: sys))  // tmpfs, overlay: not in sysfs
        #expect(!BlockDevice.isRotational(majorMinor: "8:0", sysfs: dir.path + "/no-sysfs"))
    }

    @Test func deviceNumbersAsSysfsNamesThem() {
        // glibc's makedev: major 8 minor 1 is 0x801; major 259 minor 2 is 0x10302; large numbers use the high bits.
        #expect(BlockDevice.majorMinor(0x801) == "8:1")
        #expect(BlockDevice.majorMinor(0x10302) == "259:2")
        #expect(BlockDevice.majorMinor((0x1000 << 32) | (0x123 << 8) | (0x4500 << 12) | 0x67) == "4387:17767")
    }

    @Test func autoGroupsFilesOnASpinningDiskOnly() throws {
        let dir = TemporaryDirectory()
        let files = try ["a", "b", "c"].map { try MappedFile(path: dir.write($0, [1, 2, 3])) }
        let dev = try #require(BlockDevice.deviceNumber(of: files[0].path))
        let spinDir = TemporaryDirectory(), solidDir = TemporaryDirectory()
        let spinning = Self.fakeSysfs(spinDir, extra: [(BlockDevice.majorMinor(dev), "vdz", true)])
        let solid = Self.fakeSysfs(solidDir, extra: [(BlockDevice.majorMinor(dev), "vdz", false)])
        let onDisk = ReadPolicy.auto.groups(files, sysfs: spinning)
        #expect(onDisk.allSatisfy { $0 != nil } && Set(onDisk).count == 1)
        #expect(ReadPolicy.auto.groups(files, sysfs: solid).allSatisfy { $0 == nil })
        #expect(ReadPolicy.sequential.groups(files).allSatisfy { $0 == 0 })
        #expect(ReadPolicy.parallel.groups(files).allSatisfy { $0 == nil })
    }
}
