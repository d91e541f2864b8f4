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
        .executableTarget(name: "weightcheck", dependencies: ["WeightCheck"]),
        .testTarget(name: "WeightCheckTests", dependencies: ["WeightCheck", "CWeightKernels"]),
    ],
    swiftLanguageModes: [.v6]
)
