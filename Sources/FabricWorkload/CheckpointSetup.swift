import FabricStorage

/// What a training run needs to checkpoint: the policy, the storage system and where it sits, and the failures
/// its goodput study assumes.
public struct CheckpointSetup: Sendable {
    public var policy: CheckpointPolicy
    public var storage: StorageConfig
    /// Built from the training topology; on a converged design the run must use `fabric.topology`.
    public var fabric: StorageFabric
    public var goodput: GoodputSettings?

    public init(policy: CheckpointPolicy, storage: StorageConfig, fabric: StorageFabric, goodput: GoodputSettings?) {
        self.policy = policy
        self.storage = storage
        self.fabric = fabric
        self.goodput = goodput
    }
}
