/// No congestion control: senders send at line rate, whatever the network says (InfiniBand as configured by
/// default, lossy Ethernet, RoCEv2 with its controller turned off).
struct NoCongestionControl: CongestionControl {}
