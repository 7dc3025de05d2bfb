/*
 * GraphQL object and input types of the catalogue that are not entities. There are none today:
 * Domain, Application and ServiceOffering are entities (entities/), and no query takes an input
 * object. A connection, payload or input added later goes here, as in the other subgraphs.
 */
export {};
