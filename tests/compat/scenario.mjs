// Runs a user's journey through the official client library against MDM_API (a live test server on
// loopback) and prints one JSON line per step: {"step", "status", "body"}. The Python test asserts on them.
import * as mdm from '@maurodatamapper/mdm-resources';

const api = process.env.MDM_API;

/** A rest handler that keeps the session cookie like a browser and reports status with the body. */
class RecordingHandler {
  constructor() { this.cookies = {}; }

  async process(url, options) {
    const headers = { 'Content-Type': 'application/json', ...(options.headers || {}) };
    const jar = Object.entries(this.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    if (jar) headers.Cookie = jar;
    const response = await fetch(url, {
      method: options.method || 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) delete this.cookies[name]; else this.cookies[name] = value;
    }
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch { body = text; }
    return { status: response.status, body };
  }
}

const handler = new RecordingHandler();
const config = { apiEndpoint: api, defaultHttpRequestOptions: {} };
const security = new mdm.MdmSecurityResource(config, handler);
const session = new mdm.MdmSessionResource(config, handler);
const folders = new mdm.MdmFolderResource(config, handler);
const dataModels = new mdm.MdmDataModelResource(config, handler);
const dataClasses = new mdm.MdmDataClassResource(config, handler);
const dataTypes = new mdm.MdmDataTypeResource(config, handler);
const dataElements = new mdm.MdmDataElementResource(config, handler);
const enumerationValues = new mdm.MdmEnumerationValuesResource(config, handler);
const tree = new mdm.MdmTreeItemResource(config, handler);
const metadata = new mdm.MdmMetadataResource(config, handler);
const catalogueItems = new mdm.MdmCatalogueItemResource(config, handler);
const classifiers = new mdm.MdmClassifierResource(config, handler);
const edits = new mdm.MdmEditResource(config, handler);
const providers = new mdm.MdmProviderResource(config, handler);
const catalogueUsers = new mdm.MdmCatalogueUserResource(config, handler);
const userGroups = new mdm.MdmUserGroupsResource(config, handler);
const apiProperties = new mdm.MdmApiPropertyResources(config, handler);
const profiles = new mdm.MdmProfileResource(config, handler);
const versionLinks = new mdm.MdmVersionLinkResource(config, handler);
const userImages = new mdm.MdmUserImageFileResource(config, handler);
const openIdConnect = new mdm.MdmPluginOpenIdConnectResource(config, handler);
const subscribedCatalogues = new mdm.MdmSubscribedCataloguesResource(config, handler);

async function step(name, call) {
  let result;
  try {
    result = await call();
  } catch (error) {
    result = { status: -1, body: String(error) };
  }
  console.log(JSON.stringify({ step: name, status: result.status, body: result.body }));
  return result.body;
}

const scenario = process.argv[2] || 'session';
const credentials = { username: process.env.MDM_USER, password: process.env.MDM_PASSWORD };

if (scenario === 'session') {
  await step('anonymous isAuthenticated', () => session.isAuthenticated());
  await step('login', () => security.login(credentials));
  await step('isAuthenticated', () => session.isAuthenticated());
  await step('isApplicationAdministration', () => session.isApplicationAdministration());
  await step('login again', () => security.login(credentials));
  await step('still authenticated', () => session.isAuthenticated());
  await step('logout', () => security.logout());
  await step('after logout', () => session.isAuthenticated());
  await step('wrong password', () => security.login({ ...credentials, password: 'wrong' }));
}

const JSON_EXPORTER = ['uk.ac.ox.softeng.maurodatamapper.datamodel.provider.exporter', 'DataModelJsonExporterService',
  '3.2'];
const JSON_IMPORTER = ['uk.ac.ox.softeng.maurodatamapper.datamodel.provider.importer', 'DataModelJsonImporterService',
  '3.2'];

if (scenario === 'catalogue') {
  await step('login', () => security.login(credentials));
  const folder = await step('folder save', () => folders.save({ label: 'Compat folder' }));
  await step('folder list', () => folders.list());
  await step('folder get', () => folders.get(folder.id));
  await step('folder update', () => folders.update(folder.id, { id: folder.id, description: 'Client made' }));
  const child = await step('folder saveChildrenOf', () => folders.saveChildrenOf(folder.id, { label: 'Child folder' }));
  await step('folder listChildrenOf', () => folders.listChildrenOf(folder.id));

  const model = await step('dataModel addToFolder', () => dataModels.addToFolder(folder.id, {
    label: 'Compat model', type: 'Data Asset', folder: folder.id }));
  await step('dataModel get', () => dataModels.get(model.id));
  await step('dataModel list', () => dataModels.list());
  await step('dataModel listInFolder', () => dataModels.listInFolder(folder.id));
  await step('dataModel update', () => dataModels.update(model.id, { id: model.id, description: 'A model' }));
  await step('dataModel types', () => dataModels.types());

  const text = await step('dataType save primitive', () => dataTypes.save(model.id, {
    label: 'text', domainType: 'PrimitiveType' }));
  const colour = await step('dataType save enumeration', () => dataTypes.save(model.id, {
    label: 'colour', domainType: 'EnumerationType',
    enumerationValues: [{ key: 'R', value: 'Red' }, { key: 'G', value: 'Green' }] }));
  await step('dataType list', () => dataTypes.list(model.id));
  await step('enumerationValues saveToDataType', () => enumerationValues.saveToDataType(model.id, colour.id, {
    key: 'B', value: 'Blue' }));
  await step('enumerationValues listForDataType', () => enumerationValues.listForDataType(model.id, colour.id));
  await step('enumerationValues listForEnumeratedType',
    () => enumerationValues.listForEnumeratedType(model.id, colour.id));

  const patient = await step('dataClass save', () => dataClasses.save(model.id, { label: 'Patient' }));
  await step('dataClass list', () => dataClasses.list(model.id));
  await step('dataClass get', () => dataClasses.get(model.id, patient.id));
  const address = await step('dataClass addChildDataClass', () => dataClasses.addChildDataClass(model.id, patient.id,
    { label: 'Address' }));
  await step('dataClass listChildDataClasses', () => dataClasses.listChildDataClasses(model.id, patient.id));
  await step('dataElement save', () => dataElements.save(model.id, patient.id, {
    label: 'name', dataType: { id: text.id } }));
  await step('dataElement list', () => dataElements.list(model.id, patient.id));
  await step('dataClass content', () => dataClasses.content(model.id, patient.id));
  await step('dataClass all', () => dataClasses.all(model.id));
  await step('dataClass update', () => dataClasses.update(model.id, patient.id, {
    id: patient.id, description: 'A person' }));
  await step('dataModel hierarchy', () => dataModels.hierarchy(model.id));

  await step('tree list folders', () => tree.list('folders'));
  await step('tree get', () => tree.get('folders', 'dataModels', model.id));
  await step('tree ancestors', () => tree.ancestors('folders', 'dataClasses', address.id));
  await step('edits', () => edits.status('dataModels', model.id));
  await step('permissions', () => security.permissions('dataModels', model.id));

  await step('dataModel exporters', () => dataModels.exporters());
  await step('dataModel importers', () => dataModels.importers());
  const exported = await step('dataModel exportModel', () => dataModels.exportModel(model.id, ...JSON_EXPORTER));
  await step('dataModel importModels', () => dataModels.importModels(...JSON_IMPORTER, {
    folderId: child.id, modelName: 'Imported model',
    importFile: { fileName: 'model.json', fileType: 'application/json', fileContents: JSON.stringify(exported) } }));
  await step('dataModel listInFolder imported', () => dataModels.listInFolder(child.id));

  const obsolete = await step('dataClass save obsolete', () => dataClasses.save(model.id, { label: 'Obsolete' }));
  await step('dataClass remove', () => dataClasses.remove(model.id, obsolete.id));
  await step('dataClass list after remove', () => dataClasses.list(model.id));
  await step('dataClass remove child through top-level route', () => dataClasses.remove(model.id, address.id));
  await step('dataClass removeChildDataClass', () => dataClasses.removeChildDataClass(model.id, patient.id,
    address.id));
  await step('dataClass listChildDataClasses after remove',
    () => dataClasses.listChildDataClasses(model.id, patient.id));
  await step('dataModel remove', () => dataModels.remove(model.id));
  await step('dataModel get after remove', () => dataModels.get(model.id));
}

if (scenario === 'facets') {
  const user = await step('login', () => security.login(credentials));
  const folder = await step('folder save', () => folders.save({ label: 'Facet folder' }));
  const model = await step('dataModel addToFolder', () => dataModels.addToFolder(folder.id, {
    label: 'Facet model', type: 'Data Standard', folder: folder.id }));
  await step('metadata save', () => metadata.save('dataModels', model.id, {
    namespace: 'compat.test', key: 'owner', value: 'Team A' }));
  await step('metadata list', () => metadata.list('dataModels', model.id));
  await step('catalogueItem saveMetadata', () => catalogueItems.saveMetadata('dataModels', model.id, {
    namespace: 'compat.test', key: 'review', value: 'due' }));
  await step('catalogueItem listMetadata', () => catalogueItems.listMetadata('dataModels', model.id));
  await step('metadata namespaces', () => metadata.namespaces());
  await step('annotation save', () => catalogueItems.saveAnnotations('dataModels', model.id, {
    label: 'Check units', description: 'Are these in mm?' }));
  await step('annotation list', () => catalogueItems.listAnnotations('dataModels', model.id));
  const classifier = await step('classifier save', () => classifiers.save({ label: 'Compat classifier' }));
  await step('classifier list', () => classifiers.list());
  await step('catalogueItem saveClassifiers', () => catalogueItems.saveClassifiers('dataModels', model.id, {
    id: classifier.id }));
  await step('catalogueItem listClassifiers', () => catalogueItems.listClassifiers('dataModels', model.id));
  await step('edits', () => edits.status('dataModels', model.id));
  await step('catalogueUser get', () => catalogueUsers.get(user.id));
  await step('catalogueUser update', () => catalogueUsers.update(user.id, {
    id: user.id, firstName: 'Renamed', jobTitle: 'Tester' }));
  await step('userGroups save as user', () => userGroups.save({ name: 'Not allowed' }));
  await step('apiProperties list as user', () => apiProperties.list());
}

if (scenario === 'admin') {
  await step('login', () => security.login(credentials));
  await step('userGroups save', () => userGroups.save({ name: 'Compat group', description: 'Made by the client' }));
  await step('userGroups list', () => userGroups.list());
  await step('apiProperties list', () => apiProperties.list());
  await step('providers importers', () => providers.importers());
  await step('providers exporters', () => providers.exporters());
}

if (scenario === 'public') {
  await step('login', () => security.login(credentials));
  const folder = await step('folder save', () => folders.save({ label: 'Public folder' }));
  const model = await step('dataModel addToFolder', () => dataModels.addToFolder(folder.id, {
    label: 'Public model', type: 'Data Asset', folder: folder.id }));
  await step('private model', () => dataModels.addToFolder(folder.id, {
    label: 'Private model', type: 'Data Asset', folder: folder.id }));
  await step('dataModel updateReadByEveryone', () => dataModels.updateReadByEveryone(model.id));
  const other = await step('folder save other', () => folders.save({ label: 'Shared folder' }));
  await step('folder updateReadByAuthenticated', () => folders.updateReadByAuthenticated(other.id));
  await step('folder updateReadByEveryone', () => folders.updateReadByEveryone(other.id));
  await step('folder removeReadByEveryone', () => folders.removeReadByEveryone(other.id));
  await step('logout', () => security.logout());
  await step('anonymous dataModel get', () => dataModels.get(model.id));
  await step('anonymous dataModel list', () => dataModels.list());
  await step('anonymous folder get', () => folders.get(folder.id));
  await step('anonymous tree list folders', () => tree.list('folders'));
  await step('anonymous folder save', () => folders.save({ label: 'Anonymous folder' }));
  await step('anonymous dataModel update', () => dataModels.update(model.id, { id: model.id, label: 'Hijacked' }));
  await step('anonymous dataModel get after refused update', () => dataModels.get(model.id));
}

const PROFILE_NAMESPACE = 'uk.ac.ox.softeng.maurodatamapper.profile';
const PROFILE_NAME = 'ProfileSpecificationProfileService';

function specification(values) {
  return {
    sections: [{
      name: 'Profile Specification',
      fields: Object.entries(values).map(([key, value]) => ({ metadataPropertyName: key, currentValue: value })),
    }],
  };
}

if (scenario === 'profiles') {
  await step('login', () => security.login(credentials));
  const folder = await step('folder save', () => folders.save({ label: 'Profiled folder' }));
  const model = await step('dataModel addToFolder', () => dataModels.addToFolder(folder.id, {
    label: 'Profiled model', type: 'Data Asset', folder: folder.id }));
  await step('metadata save', () => metadata.save('dataModels', model.id, {
    namespace: 'other.namespace', key: 'colour', value: 'blue' }));
  await step('providerDynamic', () => profiles.providerDynamic());
  await step('definition', () => profiles.definition(PROFILE_NAMESPACE, PROFILE_NAME));
  await step('folder usedProfiles', () => profiles.usedProfiles('folders', folder.id));
  await step('folder unusedProfiles', () => profiles.unusedProfiles('folders', folder.id));
  await step('unusedProfiles before', () => profiles.unusedProfiles('dataModels', model.id));
  await step('validateProfile missing', () => profiles.validateProfile(PROFILE_NAMESPACE, PROFILE_NAME, 'dataModels',
    model.id, specification({ domainsApplicable: 'DataModel', editableAfterFinalisation: 'sometimes' })));
  await step('validateProfile valid', () => profiles.validateProfile(PROFILE_NAMESPACE, PROFILE_NAME, 'dataModels',
    model.id, specification({ metadataNamespace: 'compat.profile', domainsApplicable: 'DataModel' }), '1.0.0'));
  await step('saveProfile', () => profiles.saveProfile('dataModels', model.id, PROFILE_NAMESPACE, PROFILE_NAME,
    specification({ metadataNamespace: 'compat.profile', domainsApplicable: 'DataModel' })));
  await step('usedProfiles', () => profiles.usedProfiles('dataModels', model.id));
  await step('unusedProfiles', () => profiles.unusedProfiles('dataModels', model.id));
  await step('profile', () => profiles.profile('dataModels', model.id, PROFILE_NAMESPACE, PROFILE_NAME));
  await step('otherMetadata', () => profiles.otherMetadata('dataModels', model.id, { max: 50 }));
  await step('getMany', () => profiles.getMany('dataModels', model.id, {
    multiFacetAwareItems: [], profileProviderServices: [{ namespace: PROFILE_NAMESPACE, name: PROFILE_NAME }] }));
  await step('deleteProfile', () => profiles.deleteProfile('dataModels', model.id, PROFILE_NAMESPACE, PROFILE_NAME));
  await step('usedProfiles after delete', () => profiles.usedProfiles('dataModels', model.id));
  await step('metadata after delete', () => metadata.list('dataModels', model.id));
}

// The calls the web UI makes around a model page, the new-model wizard and the navigation bar.
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

if (scenario === 'ui') {
  await step('anonymous openid providers', () => openIdConnect.listPublic());
  const user = await step('login', () => security.login(credentials));
  await step('default data type providers', () => dataModels.defaultDataTypes());
  const folder = await step('folder save', () => folders.save({ label: 'Wizard folder' }));
  const model = await step('dataModel addToFolder with default types', () => dataModels.addToFolder(folder.id, {
    label: 'Wizard model', type: 'Data Standard', folder: folder.id }, { defaultDataTypeProvider: 'DataTypeService' }));
  await step('dataType list', () => dataTypes.list(model.id, { all: true }));
  const older = await step('dataModel addToFolder older', () => dataModels.addToFolder(folder.id, {
    label: 'Older model', type: 'Data Standard', folder: folder.id }));
  await step('versionLinks list empty', () => versionLinks.list('dataModels', model.id));
  await step('simpleModelVersionTree', () => dataModels.simpleModelVersionTree(model.id, { branchesOnly: true }));
  const link = await step('versionLinks save', () => versionLinks.save('dataModels', model.id, {
    linkType: 'New Fork Of', targetModelId: older.id, targetModelDomainType: 'DataModel' }));
  await step('versionLinks get', () => versionLinks.get('dataModels', model.id, link.id));
  await step('versionLinks update', () => versionLinks.update('dataModels', model.id, link.id, {
    linkType: 'New Model Version Of' }));
  await step('versionLinks list on target', () => versionLinks.list('dataModels', older.id));
  await step('simpleModelVersionTree after link', () => dataModels.simpleModelVersionTree(older.id));
  await step('versionLinks remove', () => versionLinks.remove('dataModels', model.id, link.id));
  await step('userImage get default', () => userImages.get(user.id));
  await step('userImage update creates', () => userImages.update(user.id, { image: PIXEL, type: 'image/png' }));
  await step('userImage save replaces', () => userImages.save(user.id, { image: PIXEL, type: 'image/png' }));
  await step('userImage get resized', () => userImages.get(user.id, { size: 16 }));
  await step('userImage remove', () => userImages.remove(user.id));
  await step('subscribed catalogues', () => subscribedCatalogues.list({ sort: 'label', order: 'asc' }));
}

// Terminologies, terms, relationship types, relationships and code sets, as the web UI's terminology pages call them.
const terminologies = new mdm.MdmTerminologyResource(config, handler);
const terms = new mdm.MdmTermResource(config, handler);
const termRelationshipTypes = new mdm.MdmTermRelationshipTypeResource(config, handler);
const codeSets = new mdm.MdmCodeSetResource(config, handler);

if (scenario === 'terminology') {
  await step('login', () => security.login(credentials));
  const folder = await step('folder save', () => folders.save({ label: 'Coding folder' }));
  // `addToFolder` passes a null query, which this client version cannot turn into a query string (it throws before
  // sending anything); `create` is the same POST /folders/{id}/terminologies with an empty query.
  const terminology = await step('terminology addToFolder', () => terminologies.create(folder.id, {
    label: 'Compat codes', description: 'Codes for the client' }, {}));
  await step('terminology get', () => terminologies.get(terminology.id));
  await step('terminology list', () => terminologies.list());
  await step('terminology update', () => terminologies.update(terminology.id, { description: 'Changed' }));
  const broader = await step('termRelationshipType save', () => termRelationshipTypes.save(terminology.id, {
    label: 'broaderThan', displayLabel: 'Broader than', parentalRelationship: true }));
  await step('termRelationshipType list', () => termRelationshipTypes.list(terminology.id));
  await step('termRelationshipType get', () => termRelationshipTypes.get(terminology.id, broader.id));
  await step('termRelationshipType update', () => termRelationshipTypes.update(terminology.id, broader.id, {
    displayLabel: 'Is broader than' }));
  const top = await step('term save', () => terms.save(terminology.id, { code: 'T1', definition: 'Top' }));
  const leaf = await step('term save leaf', () => terms.save(terminology.id, { code: 'T2', definition: 'Leaf',
    url: 'https://codes.example.org/T2' }));
  await step('term save duplicate', () => terms.save(terminology.id, { code: 'T1', definition: 'Again' }));
  await step('term list', () => terms.list(terminology.id, { sort: 'code', order: 'asc' }));
  await step('term get', () => terms.get(terminology.id, top.id));
  await step('term get by path', () => terms.get('Compat codes', 'te:Compat codes|tm:T2'));
  await step('term update', () => terms.update(terminology.id, leaf.id, { definition: 'Bottom' }));
  const relationship = await step('term addTermRelationships', () => terms.addTermRelationships(
    terminology.id, top.id, { sourceTerm: top.id, targetTerm: leaf.id, relationshipType: broader.id }));
  await step('term addTermRelationships to itself', () => terms.addTermRelationships(
    terminology.id, top.id, { sourceTerm: top.id, targetTerm: top.id, relationshipType: broader.id }));
  await step('term termRelationships', () => terms.termRelationships(terminology.id, leaf.id));
  await step('term getTermRelationship', () => terms.getTermRelationship(terminology.id, top.id, relationship.id));
  await step('terminology termRelationships of type', () => terminologies.termRelationships(
    terminology.id, broader.id));
  await step('terminology getTermRelationship of type', () => terminologies.getTermRelationship(
    terminology.id, broader.id, relationship.id));
  await step('term tree', () => terms.tree(terminology.id));
  await step('term tree of term', () => terms.tree(terminology.id, top.id));
  const codeSet = await step('codeSet addToFolder', () => codeSets.create(folder.id, { label: 'Compat set' }, {}));
  await step('codeSet alterTerm', () => codeSets.alterTerm(codeSet.id, leaf.id));
  await step('codeSet terms', () => codeSets.terms(codeSet.id));
  await step('term codesetsForTerm', () => terms.codesetsForTerm(terminology.id, leaf.id));
  await step('codeSet listCodeSetsInFolder', () => codeSets.listCodeSetsInFolder(folder.id));
  await step('codeSet removeTerm', () => codeSets.removeTerm(codeSet.id, leaf.id));
  await step('codeSet updateReadByEveryone', () => codeSets.updateReadByEveryone(codeSet.id));
  await step('terminology updateReadByAuthenticated', () => terminologies.updateReadByAuthenticated(terminology.id));
  await step('terminology removeReadByAuthenticated', () => terminologies.removeReadByAuthenticated(terminology.id));
  await step('term removeTermRelationship', () => terms.removeTermRelationship(
    terminology.id, top.id, relationship.id));
  await step('term remove', () => terms.remove(terminology.id, leaf.id));
  await step('termRelationshipType remove', () => termRelationshipTypes.remove(terminology.id, broader.id));
  await step('codeSet remove', () => codeSets.remove(codeSet.id, { permanent: true }));
  await step('terminology remove', () => terminologies.remove(terminology.id));
}
