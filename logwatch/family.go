package logwatch

import "strings"

// Logger families: a closed set, so the label stays bounded whatever loggers a site has.
const (
	FamilyGateway    = "gateway"
	FamilySynapse    = "synapse_transport"
	FamilyPublisher  = "publisher_rest"
	FamilyKeyManager = "key_manager"
	FamilyIndexing   = "indexing"
	FamilyRegistry   = "registry"
	FamilyUserStore  = "user_store"
	FamilyIdentity   = "identity"
	FamilyJDBCPool   = "jdbc_pool"
	FamilyMigration  = "migration"
	FamilyAPIMCore   = "apim_core"
	FamilyOther      = "other"
)

// familyPrefixes map logger name prefixes to families, most specific first.
var familyPrefixes = []struct{ prefix, family string }{
	{"org.wso2.carbon.apimgt.migration", FamilyMigration},
	{"org.wso2.carbon.apimgt.gateway", FamilyGateway},
	{"org.wso2.carbon.apimgt.rest.api", FamilyPublisher},
	{"org.wso2.carbon.apimgt.impl.kmclient", FamilyKeyManager},
	{"org.wso2.carbon.apimgt.keymgt", FamilyKeyManager},
	{"org.wso2.carbon.apimgt", FamilyAPIMCore},
	{"org.apache.synapse.transport", FamilySynapse},
	{"org.apache.axis2.transport", FamilySynapse},
	{"org.apache.synapse", FamilyGateway},
	{"org.wso2.carbon.registry.indexing", FamilyIndexing},
	{"org.wso2.carbon.registry", FamilyRegistry},
	{"org.wso2.carbon.user", FamilyUserStore},
	{"org.wso2.carbon.identity", FamilyIdentity},
	{"org.apache.tomcat.jdbc.pool", FamilyJDBCPool},
	{"org.wso2.carbon.ndatasource", FamilyJDBCPool},
}

// familyBySimpleName covers layouts that abbreviate the logger (%c{1}: the console and the
// gateway error log): the classes that log the post-migration signatures.
var familyBySimpleName = map[string]string{
	"InMemoryAPIDeployer":             FamilyGateway,
	"APIAuthenticationHandler":        FamilyGateway,
	"SynapseArtifactGenerator":        FamilyGateway,
	"LogMediator":                     FamilyGateway,
	"GlobalThrowableMapper":           FamilyPublisher,
	"WebAppAuthenticatorImpl":         FamilyPublisher,
	"DocumentIndexer":                 FamilyIndexing,
	"AsyncIndexer":                    FamilyIndexing,
	"IndexingManager":                 FamilyIndexing,
	"TransactionManager":              FamilyRegistry,
	"DefaultRequestCoordinator":       FamilyIdentity,
	"IdentityTenantUtil":              FamilyIdentity,
	"ApiMgtDAO":                       FamilyAPIMCore,
	"APIManagerComponent":             FamilyAPIMCore,
	"APITemplateBuilderImpl":          FamilyAPIMCore,
	"TenantAxisUtils":                 FamilyAPIMCore,
	"AbstractSynapseArtifactDeployer": FamilyGateway,
	"ConnectionPool":                  FamilyJDBCPool,
	"PassThroughHttpSender":           FamilySynapse,
	"TargetHandler":                   FamilySynapse,
	"SourceHandler":                   FamilySynapse,
}

// loggerFamily is the family of a logger name, full or abbreviated.
func loggerFamily(logger string) string {
	if !strings.Contains(logger, ".") {
		if family, ok := familyBySimpleName[logger]; ok {
			return family
		}
		if strings.HasPrefix(logger, "V") && strings.HasSuffix(logger, "Migrator") {
			return FamilyMigration // the migration client's V400RegistryResourceMigrator & co
		}
		return FamilyOther
	}
	for _, p := range familyPrefixes {
		if strings.HasPrefix(logger, p.prefix) {
			return p.family
		}
	}
	return FamilyOther
}
