-- The overdue-callback poll reads the orders in production (TRAINING, GENERATING) by when their stage
-- began; an index on the status keeps that read small however many orders have been delivered.
CREATE INDEX orders_status ON orders (status);
