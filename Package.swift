// swift-tools-version:6.0
// WeightCheck: is this copy of a model's weights intact, and is it usable?
// No package dependencies (design card: packages none); a small C target holds the CPU-specific kernels.
import PackageDescription

let package = Package(
    name: "WeightCheck",
    products: [
        .library(name: "WeightCheck", targets: ["WeightCheck"]),
        .executable(name: "weightcheck", targets: ["weightcheck"]),
    ],
    targets: [
        .target(name: "CWeightKernels"),
        .target(name: "WeightCheck", dependencies: ["CWeightKernels"]),
        // The release tool carries the Swift runtime and Foundation on Linux (-static-stdlib, compiled and linked:
        // the compile names the static libraries' own dependencies for the linker): no dynamic binding of
        // libswiftCore and Foundation at each start, about 8 ms of every command (README, benchmarks/RESULTS.md).
        // Only this executable target has the flags; the WeightCheck library stays free of them for dependents.
        .executableTarget(name: "weightcheck", dependencies: ["WeightCheck"],
                          swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))],
                          linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]),
        .testTarget(name: "WeightCheckTests", dependencies: ["WeightCheck", "CWeightKernels"]),
    ],
    swiftLanguageModes: [.v6]
)
