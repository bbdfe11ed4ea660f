/**
 * The service roles (ServiceId RoleName) the importer knows. A role not listed here stops the import
 * with its location: mapping an unknown role by guess would plan flows the deployment does not have.
 */

/** Roles that become pools, hosts or settings of the topology file. */
export const MAPPED_ROLES = new Set([
  'Registrar',
  'UserServices',
  'WebServices',
  'ConfServices',
  'ApplicationServer',
  'CentralMgmt',
  'FileStore',
  'UserStore',
  'ApplicationStore',
  'CentralMgmtStore',
  'MediationServer',
  'EdgeServer',
  'PstnGateway',
  'PersistentChatServer',
  'PersistentChatStore',
  'PersistentChatComplianceStore',
  'WacService',
]);

/**
 * Roles a published topology holds that sfbports plans no flow for: named in the summary, not mapped.
 * Monitoring and Archiving stores are databases on a SQL Server the pools already reach on its port.
 */
export const UNPLANNED_ROLES = new Set(['MonitoringStore', 'ArchivingStore']);

/**
 * ServiceVersion → product. 8 is seen in a Skype for Business Server 2019 topology; 6 and 7 follow the
 * product generations (Lync Server 2013, Skype for Business Server 2015) and 9 is assumed for
 * Subscription Edition: --product overrides any of them.
 */
export const SERVICE_VERSIONS: Readonly<Record<number, 'lync2013' | 'sfb2015' | 'sfb2019' | 'sfbse'>> = {
  6: 'lync2013',
  7: 'sfb2015',
  8: 'sfb2019',
  9: 'sfbse',
};

/**
 * ApplicationServer applications whose port Owner names a feature of the Planning Tool. testbot (the
 * Audio Test service) is seen in a published topology; the other names are assumed from the
 * applications' short names and only switch a feature on when present.
 */
export const APPLICATION_FEATURES: Readonly<Record<string, string>> = {
  'urn:application:testbot': 'audio-test',
  'urn:application:caa': 'dial-in',
  'urn:application:rgs': 'response-group',
  'urn:application:cps': 'call-park',
};
