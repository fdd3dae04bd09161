/* pool.c - the server's workspace connections (see pool.h). */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>

struct review_pool {
    pthread_mutex_t lock;
    pthread_cond_t back;   /* signalled when a connection is given back */
    hb_ws **free_ws;       /* the connections not lent, a stack */
    size_t n_free;
};

review_pool *review_pool_open(const char *dir, size_t n, hb_err *e)
{
    review_pool *p = n ? calloc(1, sizeof *p) : NULL;
    if (!p || !(p->free_ws = calloc(n, sizeof *p->free_ws))) {
        free(p);
        err_set(e, HB_ENOMEM, "review: no memory for the connection pool");
        return NULL;
    }
    int have_lock = pthread_mutex_init(&p->lock, NULL) == 0;
    int have_cond = pthread_cond_init(&p->back, NULL) == 0;
    if (!have_lock || !have_cond) {
        err_set(e, HB_ENOMEM, "review: cannot create the pool's lock");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        hb_ws *w = ws_open(dir, e);
        if (!w)
            goto fail;
        p->free_ws[p->n_free++] = w;
    }
    return p;

fail:
    for (size_t j = 0; j < p->n_free; j++)
        ws_close(p->free_ws[j]);
    if (have_cond)
        pthread_cond_destroy(&p->back);
    if (have_lock)
        pthread_mutex_destroy(&p->lock);
    free(p->free_ws);
    free(p);
    return NULL;
}

hb_ws *review_pool_borrow(review_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->n_free == 0)
        pthread_cond_wait(&p->back, &p->lock);
    hb_ws *w = p->free_ws[--p->n_free];
    pthread_mutex_unlock(&p->lock);
    return w;
}

void review_pool_give(review_pool *p, hb_ws *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&p->lock);
    p->free_ws[p->n_free++] = w;
    pthread_cond_signal(&p->back);
    pthread_mutex_unlock(&p->lock);
}

void review_pool_close(review_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_free; i++)
        ws_close(p->free_ws[i]);
    pthread_cond_destroy(&p->back);
    pthread_mutex_destroy(&p->lock);
    free(p->free_ws);
    free(p);
}
