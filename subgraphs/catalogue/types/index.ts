/* GraphQL object and input types of the catalogue that are not entities (Domain, Application and ServiceOffering are). */
export { AddApplicationInput, RetireApplicationInput, UpdateApplicationInput } from './applications';
