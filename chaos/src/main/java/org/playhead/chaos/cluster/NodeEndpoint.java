package org.playhead.chaos.cluster;

/** Where one node of a cluster answers. */
public record NodeEndpoint(String name, String host, int apiPort, int managementPort) {
  public String apiUrl() {
    return "http://" + host + ":" + apiPort;
  }

  public String managementUrl() {
    return "http://" + host + ":" + managementPort;
  }
}
