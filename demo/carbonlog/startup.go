package carbonlog

import (
	"strconv"
	"time"
)

// Message is a one-line record's logger and message.
type Message struct{ Logger, Text string }

// Startup is what a node logs as it starts, in order: the lifecycle markers apimwatch reads
// ("Starting WSO2 Carbon...", "Server : WSO2 API Manager-<version>", "WSO2 Carbon started in
// <seconds> sec") among the lines around them.
func Startup(version string, seconds int) []Message {
	server := "WSO2 API Manager-" + version
	return []Message{
		{"org.wso2.carbon.core.internal.CarbonCoreActivator", "Starting WSO2 Carbon..."},
		{"org.wso2.carbon.core.internal.CarbonCoreActivator", "Operating System : Linux 5.15.0-105-generic, amd64"},
		{"org.wso2.carbon.core.internal.CarbonCoreActivator", "Java Home        : /usr/lib/jvm/java-11-openjdk-amd64"},
		{"org.wso2.carbon.core.internal.CarbonCoreActivator", "Java Version     : 11.0.22"},
		{"org.wso2.carbon.registry.core.jdbc.EmbeddedRegistryService", "Configured Registry in 64ms"},
		{"org.wso2.carbon.core.init.CarbonServerManager", "Server : " + server},
		{"org.wso2.carbon.apimgt.impl.APIManagerComponent", "API Manager component activated"},
		{"org.apache.synapse.transport.passthru.PassThroughHttpListener", "Pass-through HTTPS Listener started on 0.0.0.0:8243"},
		{"org.wso2.carbon.core.internal.StartupFinalizerServiceComponent", "Server           :  " + server},
		{"org.wso2.carbon.core.internal.StartupFinalizerServiceComponent", "WSO2 Carbon started in " + strconv.Itoa(seconds) + " sec"},
	}
}

// StartupGap is a random pause between two startup lines on the seeded clock.
func (g *Generator) StartupGap() time.Duration {
	return time.Duration(50+g.rnd.IntN(900)) * time.Millisecond
}
