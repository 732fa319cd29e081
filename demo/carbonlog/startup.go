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

// Shutdown is what a node logs as it shuts down gracefully, in order: Carbon's shutdown hook
// drains the node, then logs "Shutdown complete" (the marker apimwatch counts) before the JVM
// halts.
func Shutdown() []Message {
	const manager, management = "org.wso2.carbon.core.init.CarbonServerManager", "org.wso2.carbon.core.ServerManagement"
	return []Message{
		{manager, "Shutdown hook triggered...."},
		{manager, "Gracefully shutting down WSO2 API Manager..."},
		{management, "Starting to switch to maintenance mode..."},
		{management, "Stopped all transport listeners"},
		{management, "Waiting for request service completion..."},
		{management, "All requests have been served."},
		{management, "Waiting for deployment completion..."},
		{management, "All deployment tasks have been completed."},
		{management, "Waiting for server task completion..."},
		{management, "All server tasks have been completed."},
		{manager, "Shutting down WSO2 API Manager..."},
		{manager, "Shutdown complete"},
		{manager, "Halting JVM"},
	}
}

// StartupGap is a random pause between two startup lines on the seeded clock.
func (g *Generator) StartupGap() time.Duration {
	return time.Duration(50+g.rnd.IntN(900)) * time.Millisecond
}
