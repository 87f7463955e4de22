/// The version of FabricSim, written into every result so a figure can be traced to the code that made it.
public enum FabricSimVersion {
    public static let string = "0.1.0"
}
